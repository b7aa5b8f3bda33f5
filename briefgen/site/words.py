"""The fixed words of the published site's own pages and chrome, per language.

The documents' words (Sources, This week…) come from ``briefgen/labels/``; these are the
site's additions: navigation, listings, search, the 404 page. Templates read them as
``site.labels.<key>``. A language without a catalogue here falls back to English, key by key.
"""

from __future__ import annotations

EN = {
    "skip": "Skip to main content",
    "site_nav": "Site",
    "footer_nav": "Site and feeds",
    "home": "Home",
    "briefs": "Weekly briefs",
    "themes": "Themes",
    "tags": "Tags",
    "sources": "Sources",
    "search": "Search",
    "home_intro": "Every weekly brief, newest first, with its bottom line.",
    "no_briefs": "No weekly brief has been published yet.",
    "read_brief": "Read brief No. {number}",
    "themes_covered": "Themes",
    "themes_intro": "Every theme the desk follows, with its briefing note.",
    "tags_intro": "Subjects, and the themes and weekly briefs filed under each.",
    "tag_title": "Tag: {tag}",
    "tag_themes": "Themes",
    "tag_briefs": "Weekly briefs",
    "count_themes": "{count} themes",
    "count_theme": "1 theme",
    "count_briefs": "{count} weekly briefs",
    "count_brief": "1 weekly brief",
    "sources_intro": "Every source in the bibliography, with the briefs and claims that cite it. "
                     "Follow a claim to the very sentence that rests on the source.",
    "cited_in": "Cited in",
    "not_cited": "Not cited in any published brief or theme.",
    "all_claims": "Every claim citing this source",
    "back_to_citation": "Back to citation",
    "claim_at": "Citation in",
    "covered_in": "In the weekly briefs",
    "brief_pager": "Weekly briefs",
    "previous_brief": "Previous brief",
    "next_brief": "Next brief",
    "pdf": "PDF",
    "download_pdf": "Download the PDF",
    "formats": "Formats",
    "feed": "Atom feed",
    "feed_title": "{series}: weekly briefs",
    "theme_feed": "Atom feed of this theme",
    "theme_feed_title": "{series}: {theme}",
    "theme_note_entry": "Briefing note: {theme}",
    "kind_weekly": "Weekly brief",
    "kind_theme": "Briefing note",
    "search_title": "Search",
    "search_label": "Search the weekly briefs and themes",
    "search_button": "Search",
    "search_needs_js": "Search needs JavaScript, which is off or unavailable in this browser. "
                       "Every page reads without it: browse the weekly briefs, the themes, the tags or the sources.",
    "searching": "Searching…",
    "search_none": "No results for “{query}”.",
    "search_one": "1 result for “{query}”.",
    "search_many": "{count} results for “{query}”.",
    "search_failed": "Search is unavailable: the search index could not be loaded.",
    "search_more": "More results",
    "not_found_title": "Page not found",
    "not_found_text": "There is no page at this address. It may have been removed, or the link may be mistyped.",
    "not_found_home": "Go to the list of weekly briefs",
    "published_with": "Published with {generator}.",
    "size_kb": "{size} kB",
    "size_mb": "{size} MB",
    "pdf_size": "PDF, {size}",
    "decimal_mark": ".",
}

FR = {
    "skip": "Aller au contenu principal",
    "site_nav": "Site",
    "footer_nav": "Site et fils",
    "home": "Accueil",
    "briefs": "Notes hebdomadaires",
    "themes": "Thèmes",
    "tags": "Mots-clés",
    "sources": "Sources",
    "search": "Recherche",
    "home_intro": "Toutes les notes hebdomadaires, de la plus récente à la plus ancienne, avec leur essentiel.",
    "no_briefs": "Aucune note hebdomadaire n’a encore été publiée.",
    "read_brief": "Lire la note no {number}",
    "themes_covered": "Thèmes",
    "themes_intro": "Tous les thèmes suivis, avec leur note de synthèse.",
    "tags_intro": "Les sujets, et les thèmes et notes hebdomadaires classés sous chacun.",
    "tag_title": "Mot-clé : {tag}",
    "tag_themes": "Thèmes",
    "tag_briefs": "Notes hebdomadaires",
    "count_themes": "{count} thèmes",
    "count_theme": "1 thème",
    "count_briefs": "{count} notes hebdomadaires",
    "count_brief": "1 note hebdomadaire",
    "sources_intro": "Toutes les sources de la bibliographie, avec les notes et les affirmations qui les citent. "
                     "Suivez une affirmation jusqu’à la phrase même qui repose sur la source.",
    "cited_in": "Citée dans",
    "not_cited": "Citée dans aucune note ni aucun thème publié.",
    "all_claims": "Toutes les affirmations citant cette source",
    "back_to_citation": "Retour à la citation",
    "claim_at": "Citation dans",
    "covered_in": "Dans les notes hebdomadaires",
    "brief_pager": "Notes hebdomadaires",
    "previous_brief": "Note précédente",
    "next_brief": "Note suivante",
    "pdf": "PDF",
    "download_pdf": "Télécharger le PDF",
    "formats": "Formats",
    "feed": "Fil Atom",
    "feed_title": "{series} : notes hebdomadaires",
    "theme_feed": "Fil Atom de ce thème",
    "theme_feed_title": "{series} : {theme}",
    "theme_note_entry": "Note de synthèse : {theme}",
    "kind_weekly": "Note hebdomadaire",
    "kind_theme": "Note de synthèse",
    "search_title": "Recherche",
    "search_label": "Rechercher dans les notes et les thèmes",
    "search_button": "Rechercher",
    "search_needs_js": "La recherche a besoin de JavaScript, désactivé ou indisponible dans ce navigateur. "
                       "Toutes les pages se lisent sans : parcourez les notes, les thèmes, les mots-clés "
                       "ou les sources.",
    "searching": "Recherche en cours…",
    "search_none": "Aucun résultat pour «\u202f{query}\u202f».",
    "search_one": "1 résultat pour «\u202f{query}\u202f».",
    "search_many": "{count} résultats pour «\u202f{query}\u202f».",
    "search_failed": "La recherche est indisponible : l’index n’a pas pu être chargé.",
    "search_more": "Plus de résultats",
    "not_found_title": "Page introuvable",
    "not_found_text": "Il n’y a pas de page à cette adresse. Elle a pu être supprimée, ou le lien est mal saisi.",
    "not_found_home": "Aller à la liste des notes hebdomadaires",
    "published_with": "Publié avec {generator}.",
    "size_kb": "{size} ko",
    "size_mb": "{size} Mo",
    "pdf_size": "PDF, {size}",
    "decimal_mark": ",",
}

# French spacing is applied to pages by briefgen.render.typography; the search messages, which the
# script shows from data attributes, carry their narrow no-break spaces themselves.
CATALOGUES = {"en": EN, "fr": FR}


def site_labels(lang: str) -> dict[str, str]:
    """The site's words in ``lang`` (``fr-CA`` falls back to ``fr``, unknown languages to English)."""
    base = lang.split("-")[0].lower()
    return {**EN, **CATALOGUES.get(base, {})}


def file_size(size: int, labels: dict[str, str]) -> str:
    """A file size as a reader wants it: ``84 kB``, ``1.2 MB`` (decimal units, the language's comma)."""
    if size < 1_000_000:
        text = str(max(1, round(size / 1000)))
        return labels["size_kb"].format(size=text)
    text = f"{size / 1_000_000:.1f}".replace(".", labels["decimal_mark"])
    return labels["size_mb"].format(size=text)
