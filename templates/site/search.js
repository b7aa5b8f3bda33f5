// Search for the published site: looks the query up in the Pagefind index (pagefind/,
// written by `briefgen publish`) and lists the results under the form. Without JavaScript
// the form still submits (search.html?q=...) and the page says search needs it.
// This file sits at the site's root, so the index is found relative to it: the site
// works from any folder of any host.

const form = document.getElementById("search-form");
const input = document.getElementById("search-input");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const root = new URL(".", import.meta.url);
const note = document.getElementById("search-nojs");
if (note) note.hidden = true;
const PAGE = 20;
let pagefind = null;
let shown = [];
let generation = 0;

async function engine() {
  if (!pagefind) {
    pagefind = await import(new URL("pagefind/pagefind.js", root).href);
    await pagefind.options({ baseUrl: root.pathname });
    await pagefind.init();
  }
  return pagefind;
}

function message(name, query, count) {
  return (status.dataset[name] || "").replace("{query}", query).replace("{count}", String(count));
}

// Pagefind's excerpt is HTML-escaped text with <mark> around the matches: rebuild it as
// text nodes and <mark> elements, never as markup.
function excerpt(html) {
  const paragraph = document.createElement("p");
  paragraph.className = "search-excerpt";
  let marked = false;
  for (const part of html.split(/(<mark>|<\/mark>)/)) {
    if (part === "<mark>" || part === "</mark>") {
      marked = part === "<mark>";
      continue;
    }
    const text = decode(part);
    if (marked) {
      const mark = document.createElement("mark");
      mark.textContent = text;
      paragraph.append(mark);
    } else {
      paragraph.append(document.createTextNode(text));
    }
  }
  return paragraph;
}

function decode(text) {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|amp|lt|gt|quot|apos);/gi, (all, name) => {
    const named = { amp: "&", lt: "<", gt: ">", quot: "\"", apos: "'" }[name.toLowerCase()];
    if (named) return named;
    const code = name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return Number.isFinite(code) && code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : all;
  });
}

function item(result) {
  const li = document.createElement("li");
  const heading = document.createElement("h2");
  const link = document.createElement("a");
  link.href = result.url;
  link.textContent = (result.meta && result.meta.title) || result.url;
  heading.append(link);
  li.append(heading);
  if (result.meta && result.meta.kind) {
    const kind = document.createElement("p");
    kind.className = "search-kind";
    kind.textContent = result.meta.kind + (result.meta.date ? " · " + result.meta.date : "");
    li.append(kind);
  }
  li.append(excerpt(result.excerpt || ""));
  return li;
}

async function more(results, button) {
  const next = results.slice(shown.length, shown.length + PAGE);
  const data = await Promise.all(next.map((r) => r.data()));
  shown = shown.concat(data);
  const first = list.children.length;
  for (const result of data) list.append(item(result));
  if (button) {
    if (shown.length >= results.length) button.remove();
    const link = list.children[first] && list.children[first].querySelector("a");
    if (link) link.focus();
  }
}

async function run(query) {
  const mine = ++generation;
  query = query.trim();
  list.replaceChildren();
  shown = [];
  const old = document.getElementById("search-more");
  if (old) old.remove();
  if (!query) {
    status.textContent = "";
    return;
  }
  status.textContent = message("searching", query, 0);
  let search;
  try {
    search = await (await engine()).search(query);
  } catch (error) {
    status.textContent = message("failed", query, 0);
    return;
  }
  if (mine !== generation) return;
  const results = search.results;
  await more(results, null);
  if (mine !== generation) return;
  const count = results.length;
  status.textContent = message(count === 0 ? "none" : count === 1 ? "one" : "many", query, count);
  if (count > shown.length) {
    const button = document.createElement("button");
    button.type = "button";
    button.id = "search-more";
    button.className = "search-more";
    button.textContent = status.dataset.moreLabel || "More results";
    button.addEventListener("click", () => more(results, button));
    list.after(button);
  }
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const url = new URL(window.location.href);
  url.searchParams.set("q", input.value.trim());
  window.history.replaceState(null, "", url);
  run(input.value);
});

const initial = new URLSearchParams(window.location.search).get("q");
if (initial) {
  input.value = initial;
  run(initial);
}
