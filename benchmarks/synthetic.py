"""Synthetic projects for the benchmarks: realistic sizes, fixed seed, no real claims."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import yaml

WORDS = ["drone", "production", "export", "licence", "partner", "ministry", "industry", "capacity", "contract", "supply", "component", "battery", "airframe", "sensor", "interceptor", "maritime", "procurement", "budget", "agreement", "factory", "pilot", "training", "front", "line", "range", "payload", "software", "jamming", "European", "allies", "delivery", "schedule", "financing", "coalition", "assessment", "officials", "reported", "announced"]


def sentence(rng: random.Random, keys: list[str], cite: bool = True, words: int = 18) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words)).capitalize()
    if cite:
        picked = rng.sample(keys, rng.choice((1, 1, 2)))
        locator = f", para. {rng.randint(1, 9)}" if rng.random() < 0.2 else ""
        text += " [" + "; ".join(f"@{k}" for k in picked) + locator + "]"
    return text + "."


def paragraph(rng, keys, sentences: int, cite_every: int = 2) -> str:
    return " ".join(sentence(rng, keys, cite=i % cite_every == 0) for i in range(sentences))


def make_project(root: Path, briefs: int, themes: int = 12, seed: int = 20251023) -> Path:
    """Writes ``briefs`` weekly briefs (4 themes each, about 35 citations, 6–8 pages)."""
    rng = random.Random(seed)
    content = root / "briefs"
    (content / "themes").mkdir(parents=True, exist_ok=True)
    (content / "weekly").mkdir(parents=True, exist_ok=True)
    keys = [f"source-{n:03d}" for n in range(60)]
    sources = [{"id": k, "type": rng.choice(["article-newspaper", "webpage", "report"]),
                "title": " ".join(rng.choice(WORDS) for _ in range(7)).capitalize(),
                "container-title": rng.choice(["The Daily Example", "Example Weekly", "Policy Review"]),
                "author": [{"family": rng.choice(["Martin", "Kovalenko", "Schmidt", "Dupont"]),
                            "given": rng.choice(["Claire", "Olena", "Jan", "Marc"])}],
                "issued": f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", "language": "en"}
               for k in keys]
    (content / "sources.yaml").write_text(yaml.safe_dump(sources, sort_keys=False), "utf-8")
    start = dt.date(2024, 1, 1)
    weeks = [start + dt.timedelta(weeks=n) for n in range(briefs)]
    theme_ids = [f"theme-{n:02d}" for n in range(themes)]
    for theme_id in theme_ids:
        timeline = []
        for monday in weeks:
            for _ in range(rng.choice((1, 2))):
                day = monday + dt.timedelta(days=rng.randint(0, 4))
                timeline.append({"date": day.isoformat(), "text": sentence(rng, keys, words=24)})
        theme = {
            "title": f"Theme {theme_id[-2:]}: " + " ".join(rng.choice(WORDS) for _ in range(4)),
            "summary": paragraph(rng, keys, 8), "status": "active", "updated": weeks[-1].isoformat(),
            "tags": rng.sample(WORDS, 3),
            "key_points": [sentence(rng, keys, words=30) for _ in range(7)],
            "timeline": timeline,
            "figures": [{"label": " ".join(rng.choice(WORDS) for _ in range(5)), "value": f"{rng.randint(2, 900)}",
                         "as_of": "2024-01", "cite": f"[@{rng.choice(keys)}]"} for _ in range(2)],
            "quotes": [{"text": sentence(rng, keys, cite=False), "speaker": "A. Speaker", "role": "Official",
                        "cite": f"[@{rng.choice(keys)}]"} for _ in range(3)],
            "assessment": "### What we know\n" + paragraph(rng, keys, 5) + "\n\n### What we judge\n"
                          + paragraph(rng, keys, 4),
            "open_questions": [sentence(rng, keys, cite=False) + "?" for _ in range(4)],
        }
        (content / "themes" / f"{theme_id}.yaml").write_text(yaml.safe_dump(theme, sort_keys=False), "utf-8")
    for number, monday in enumerate(weeks, start=1):
        year, week, _ = monday.isocalendar()
        brief = {
            "number": number, "week": f"{year}-W{week:02d}", "date": (monday + dt.timedelta(days=4)).isoformat(),
            "title": " ".join(rng.choice(WORDS) for _ in range(6)).capitalize(),
            "handling": "UNCLASSIFIED — FOR PUBLIC RELEASE", "authors": ["Benchmark Desk"], "lang": "en",
            "bluf": paragraph(rng, keys, 4),
            "themes": [{"id": t, "note": paragraph(rng, keys, 7, cite_every=4)} for t in rng.sample(theme_ids, 4)],
        }
        (content / "weekly" / f"{year}-W{week:02d}.yaml").write_text(yaml.safe_dump(brief, sort_keys=False),
                                                                     "utf-8")
    return root
