"""Tests of kzatlas.tools.ingest: main-text extraction from news pages in the four
languages (page furniture, ads and comments left out), slugs, duplicate refusal by
URL and by text, file type and size checks, and polite online fetching through an
injected fake fetcher (no test touches the network)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from kzatlas.build import webpage
from kzatlas.errors import ArticleError
from kzatlas.tools.ingest import (
    add_main,
    add_sources,
    detect_script_language,
    extract_article,
    read_front_matter,
    slugify,
)

NAV = "Main menu: Home · Politics · Economy · Subscribe to our newsletter"
AD = "SPECIAL OFFER: cheap flights to Dubai, book now and save forty percent on every ticket"
COMMENT = "Great news, I hope my daughter can study there one day! Posted by reader Aigerim"
FOOTER = "All rights reserved. Reproduction of materials only with a hyperlink to the site"


def news_page(
    *,
    lang: str,
    title: str,
    site: str,
    published: str,
    paragraphs: list[str],
    canonical: str = "",
) -> str:
    """A realistic news page: metadata, navigation, an ad block, the article, a
    comment section and a footer around it."""
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<title>{title} | {site}</title>
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="{site}">
<meta property="article:published_time" content="{published}T09:30:00+05:00">
{link}
</head>
<body>
<header><a href="/">{site}</a></header>
<nav class="main-menu"><ul><li><a href="/">{NAV}</a></li></ul></nav>
<div class="ad-banner" id="ads-top"><p>{AD}</p></div>
<main>
<article>
<h1>{title}</h1>
<time datetime="{published}">{published}</time>
{body}
</article>
</main>
<section class="comments" id="comments">
<h3>Comments (1)</h3>
<div class="comment"><p>{COMMENT}</p></div>
</section>
<aside class="sidebar"><p>Most read: weather forecast for the weekend in Almaty and Astana</p></aside>
<footer><p>{FOOTER}</p></footer>
</body>
</html>
"""


EN = dict(
    lang="en",
    title="Satbayev University signs agreement with Arizona State University",
    site="The Astana Times",
    published="2023-10-04",
    paragraphs=[
        "ALMATY – Satbayev University and Arizona State University signed a memorandum of understanding on "
        "October 3, 2023, to develop joint research programmes in mining engineering and critical minerals.",
        "The agreement provides for academic mobility of students and faculty, joint laboratories and a "
        "dual-degree programme in geology, the university said in a statement.",
        "Rector Meirbek Mominov said the partnership with the American university would help Kazakhstan "
        "train engineers for the green economy and strengthen applied research in metallurgy.",
    ],
)
RU = dict(
    lang="ru",
    title="НЯЦ РК и KAERI подписали меморандум о сотрудничестве",
    site="Казинформ",
    published="2024-05-16",
    paragraphs=[
        "Казахстанский национальный ядерный центр подписал меморандум о взаимопонимании с Корейским институтом "
        "атомной энергии (KAERI) в Курчатове 15 мая 2024 года.",
        "Документ предусматривает совместные исследования в области безопасности исследовательских реакторов, "
        "обмен специалистами и подготовку молодых учёных в лабораториях Тэджона.",
        "Генеральный директор НЯЦ РК Эрлан Батырбеков отметил, что сотрудничество с корейскими коллегами "
        "открывает новые возможности для развития атомной науки в Казахстане.",
    ],
)
KK = dict(
    lang="kk",
    title="Қазақстан мен Франция ғарыш саласындағы ынтымақтастық туралы декларацияға қол қойды",
    site="Egemen Qazaqstan",
    published="2023-11-02",
    paragraphs=[
        "Астанада Қазақстан Республикасының Цифрлық даму министрлігі мен Францияның Ұлттық ғарыштық зерттеулер "
        "орталығы (CNES) ғарыш саласындағы ынтымақтастық туралы бірлескен декларацияға қол қойды.",
        "Құжат жерді қашықтықтан зондтау, спутниктік деректерді өңдеу және қазақстандық мамандарды Тулузада "
        "оқыту бойынша бірлескен жобаларды жүзеге асыруды көздейді.",
        "Министрдің айтуынша, француз әріптестерімен серіктестік отандық ғарыш өнеркәсібін дамытуға және "
        "ғылыми зерттеулердің сапасын арттыруға мүмкіндік береді.",
    ],
)
FR = dict(
    lang="fr",
    title="Le CNRS et l'Université Al-Farabi renforcent leur coopération scientifique",
    site="Le Courrier d'Asie centrale",
    published="2024-02-20",
    paragraphs=[
        "Le Centre national de la recherche scientifique (CNRS) et l'Université nationale kazakhe Al-Farabi "
        "ont signé à Almaty un accord-cadre de coopération scientifique pour une durée de cinq ans.",
        "L'accord prévoit la création d'un laboratoire international commun consacré à l'écologie des steppes "
        "et à la gestion des ressources en eau du bassin de la mer d'Aral.",
        "Selon l'ambassade de France au Kazakhstan, des doctorants kazakhs effectueront des séjours de recherche "
        "dans les laboratoires du CNRS à Montpellier et à Grenoble dès la rentrée prochaine.",
    ],
)


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    path = tmp_path / "seeds"
    path.mkdir()
    return path


# --------------------------------------------------------------------------- extraction


def test_page_furniture_and_comments_are_left_out() -> None:
    article = extract_article(news_page(**EN), "https://astanatimes.com/2023/10/satbayev-asu/")
    for junk in (NAV, AD, COMMENT, FOOTER, "Most read"):
        assert junk not in article.text
    for paragraph in EN["paragraphs"]:
        assert paragraph in article.text
    assert article.title == EN["title"]
    assert article.published is not None and article.published.isoformat() == "2023-10-04"
    assert article.publisher == "The Astana Times"
    assert article.url == "https://astanatimes.com/2023/10/satbayev-asu/"


@pytest.mark.parametrize(
    "page, expected_language",
    [
        pytest.param(EN, "", id="en-page"),  # Latin script: the build's detector decides
        pytest.param(RU, "ru", id="ru-page-with-comments"),
        pytest.param(KK, "kk", id="kk-page-with-comments"),
        pytest.param(FR, "", id="fr-page"),
    ],
)
def test_pages_in_each_language(page: dict, expected_language: str) -> None:
    article = extract_article(news_page(**page))
    assert article.title == page["title"]
    assert article.published is not None and article.published.isoformat() == page["published"]
    assert article.publisher == page["site"]
    assert article.text.split("\n\n") == page["paragraphs"]
    assert COMMENT not in article.text and AD not in article.text
    assert article.language in (expected_language, page["lang"])


@pytest.mark.parametrize(
    "page",
    [pytest.param(EN, id="en-page"), pytest.param(KK, id="kk-page")],
)
def test_fallback_extractor_when_trafilatura_finds_nothing(page: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(webpage, "_trafilatura_extract", lambda *args: None)
    article = extract_article(news_page(**page))
    # trafilatura.baseline keeps the article's text in order, without paragraph breaks.
    assert " ".join(page["paragraphs"]) in article.text
    for junk in (NAV, AD, COMMENT, FOOTER):
        assert junk not in article.text
    assert (article.title, article.publisher) == (page["title"], page["site"])
    assert article.published is not None and article.published.isoformat() == page["published"]


@pytest.mark.parametrize(
    "html",
    [
        pytest.param("<html><body><nav>Home</nav></body></html>", id="only-navigation"),
        pytest.param("<html><body></body></html>", id="empty-body"),
    ],
)
def test_page_without_main_text_is_an_error(html: str) -> None:
    with pytest.raises(ArticleError, match="no main text"):
        extract_article(html)


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param(" ".join(RU["paragraphs"]), "ru", id="russian"),
        pytest.param(" ".join(KK["paragraphs"]), "kk", id="kazakh"),
        pytest.param("Казахский национальный университет имени аль-Фараби (Әл-Фараби атындағы ҚазҰУ) и "
                     "Университет Тохоку подписали в Алматы соглашение о сотрудничестве в области материаловедения.",
                     "ru", id="russian-quoting-a-kazakh-name"),
        pytest.param(" ".join(EN["paragraphs"]), "", id="english-left-to-build"),
        pytest.param("", "", id="empty"),
    ],
)  # fmt: skip
def test_detect_script_language(text: str, expected: str) -> None:
    assert detect_script_language(text) == expected


# --------------------------------------------------------------------------- slugs


@pytest.mark.parametrize(
    "title, expected_prefix",
    [
        pytest.param("Satbayev University signs agreement", "satbayev-university-signs-agreement-", id="english"),
        pytest.param("НЯЦ РК и KAERI подписали меморандум", "niats-rk-i-kaeri-podpisali-memorandum-", id="russian"),
        pytest.param("Қазақстан мен Франция ғарыш", "qazaqstan-men-frantsiia-garysh-", id="kazakh-letters"),
        pytest.param("Coopération spatiale: l'été", "cooperation-spatiale-l-ete-", id="french-accents"),
        pytest.param("", "example-org-news-123-", id="empty-title-uses-url"),
    ],
)
def test_slugify(title: str, expected_prefix: str) -> None:
    slug = slugify(title, "https://example.org/news/123")
    assert slug.startswith(expected_prefix)
    assert slug.isascii() and slug == slug.lower()
    assert slug == slugify(title, "https://example.org/news/123")  # stable


def test_slug_is_short_and_unique_per_url() -> None:
    title = "A very long headline about " + "cooperation in science and higher education " * 5
    a, b = slugify(title, "https://a.kz/1"), slugify(title, "https://a.kz/2")
    assert a != b
    assert len(a) <= 60 + 9 and not a.split("-")[-2] == ""


# --------------------------------------------------------------------------- adding files


def test_added_file_parses_back(tmp_path: Path, seeds: Path) -> None:
    source = write(tmp_path / "in" / "page.html", news_page(**RU, canonical="https://kazinform.kz/news/nnc-kaeri"))
    [result] = add_sources([str(source)], seeds)
    assert result.status == "added", result.message
    assert result.path is not None and result.path.parent == seeds and result.path.suffix == ".md"
    meta = read_front_matter(result.path)
    assert meta == {
        "title": RU["title"],
        "url": "https://kazinform.kz/news/nnc-kaeri",
        "published": "2024-05-16",
        "publisher": "Казинформ",
        "language": "ru",
    }
    body = result.path.read_text(encoding="utf-8").split("---\n", 2)[2]
    assert body.strip().split("\n\n") == RU["paragraphs"]
    assert not list(seeds.glob("*.tmp"))  # the temporary file was renamed


@pytest.mark.parametrize(
    "page",
    [
        pytest.param(EN, id="en-page"),
        pytest.param(KK, id="kk-page"),
        pytest.param(dict(FR, title='"Kazakhstan is a key partner" for the CNRS'), id="fr-title-in-quotes"),
    ],
)
def test_added_file_reads_back_through_the_build_loader(tmp_path: Path, seeds: Path, page: dict) -> None:
    from kzatlas.build.articles import article_from_bytes

    source = write(tmp_path / "page.html", news_page(**page, canonical="https://news.example/item/7"))
    [result] = add_sources([str(source)], seeds)
    assert result.path is not None
    article = article_from_bytes(result.path.read_bytes(), rel=result.path.name, article_id=result.path.stem)
    assert not article.warnings
    assert (article.title, article.url, str(article.published), article.publisher) == (
        page["title"], "https://news.example/item/7", page["published"], page["site"]
    )
    assert article.text.strip().split("\n\n") == page["paragraphs"]
    assert article.language == page["lang"]


@pytest.mark.parametrize(
    "existing_name, existing_text, source_kind, reason",
    [
        pytest.param(
            "old.md",
            "---\ntitle: Old copy\nurl: http://www.kazinform.kz/news/nnc-kaeri/\n---\nDifferent wording entirely.\n",
            "url",
            "duplicate of seeds/old.md (same URL)",
            id="same-url-different-form",
        ),
        pytest.param(
            "old.md",
            "---\ntitle: Old copy\nurl: https://kazinform.kz/news/nnc-kaeri\n---\nDifferent wording entirely.\n",
            "file",
            "duplicate of seeds/old.md (same URL)",
            id="file-whose-canonical-url-is-known",
        ),
        pytest.param(
            "2024/kaeri.txt",
            "\n".join(p.upper() + "   \n" for p in RU["paragraphs"]),
            "file",
            "duplicate of seeds/2024/kaeri.txt (same text)",
            id="same-text-other-case-and-spacing",
        ),
    ],
)
def test_duplicates_are_refused_with_the_reason(
    tmp_path: Path, seeds: Path, existing_name: str, existing_text: str, source_kind: str, reason: str
) -> None:
    write(seeds / existing_name, existing_text)
    canonical = "https://kazinform.kz/news/nnc-kaeri" if existing_name == "old.md" else ""
    page = write(tmp_path / "page.html", news_page(**RU, canonical=canonical))
    source = "https://kazinform.kz/news/nnc-kaeri" if source_kind == "url" else str(page)

    def fetch(url: str) -> tuple[bytes, str]:
        raise AssertionError("a known URL must not be fetched again")

    [result] = add_sources([source], seeds, online=True, fetch=fetch)
    assert (result.status, result.message) == ("duplicate", reason)
    assert sorted(p.name for p in seeds.rglob("*") if p.is_file()) == sorted([Path(existing_name).name])


def test_same_page_twice_in_one_call(tmp_path: Path, seeds: Path) -> None:
    a = write(tmp_path / "a.html", news_page(**KK))
    b = write(tmp_path / "b.htm", news_page(**KK))
    first, second = add_sources([str(a), str(b)], seeds)
    assert first.status == "added"
    assert second.status == "duplicate" and "(same text)" in second.message


@pytest.mark.parametrize(
    "name, content, message",
    [
        pytest.param("photo.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary",
                     id="binary-file-named-html"),
        pytest.param("notes.html", b"just some words, no markup at all", "does not look like HTML",
                     id="plain-text-named-html"),
        pytest.param("paper.pdf", b"%PDF-1.7\n", "unsupported file type '.pdf'", id="pdf-extension"),
        pytest.param("empty.html", b"", "empty", id="empty-file"),
        pytest.param("huge.html", b"<html><body><p>" + b"x" * 3000 + b"</p></body></html>", "over the limit",
                     id="file-over-size-limit"),
    ],
)  # fmt: skip
def test_bad_files_are_refused(tmp_path: Path, seeds: Path, name: str, content: bytes, message: str) -> None:
    path = write(tmp_path / name, content)
    [result] = add_sources([str(path)], seeds, max_bytes=2000)
    assert result.status == "error" and message in result.message
    assert not any(seeds.iterdir())


def test_missing_file(tmp_path: Path, seeds: Path) -> None:
    [result] = add_sources([str(tmp_path / "nope.html")], seeds)
    assert result.status == "error" and "no such file" in result.message


# --------------------------------------------------------------------------- URLs


def test_url_offline_is_an_error(seeds: Path) -> None:
    calls: list[str] = []
    [result] = add_sources(["https://example.org/news/1"], seeds, fetch=lambda u: (calls.append(u), (b"", ""))[1])
    assert result.status == "error"
    assert "online fetching is off; pass --online" in result.message
    assert calls == []


@pytest.mark.parametrize(
    "body, content_type, message",
    [
        pytest.param(news_page(**FR).encode() + b" " * 5000, "text/html", "over the limit", id="oversize-body"),
        pytest.param(b"%PDF-1.7 ...", "application/pdf", "Content-Type is 'application/pdf'", id="pdf-content-type"),
        pytest.param(b"{}", "", "Content-Type is 'missing'", id="no-content-type"),
    ],
)
def test_online_refusals(seeds: Path, body: bytes, content_type: str, message: str) -> None:
    [result] = add_sources(
        ["https://example.org/news/2"], seeds, online=True, fetch=lambda u: (body, content_type), max_bytes=5000
    )
    assert result.status == "error" and message in result.message


def test_online_fetch_is_rate_limited_and_decoded(seeds: Path) -> None:
    pages = {
        "https://lecourrier.example/cnrs": (news_page(**FR).encode("utf-8"), "text/html; charset=utf-8"),
        "https://kazinform.example/kaeri": (news_page(**RU).replace("utf-8", "windows-1251").encode("cp1251"),
                                            "text/html"),
        "https://egemen.example/cnes": (news_page(**KK).encode("utf-8"), "application/xhtml+xml"),
    }  # fmt: skip
    stamps: list[float] = []

    def fetch(url: str) -> tuple[bytes, str]:
        stamps.append(time.monotonic())
        return pages[url]

    results = add_sources(list(pages), seeds, online=True, fetch=fetch, min_delay_seconds=0.05)
    assert [r.status for r in results] == ["added"] * 3, [r.message for r in results]
    assert all(later - earlier >= 0.05 for earlier, later in zip(stamps, stamps[1:]))
    ru = read_front_matter(results[1].path)  # type: ignore[arg-type]
    assert ru["title"] == RU["title"] and ru["url"] == "https://kazinform.example/kaeri"


def test_fetch_failure_is_reported(seeds: Path) -> None:
    def fetch(url: str) -> tuple[bytes, str]:
        raise OSError("connection refused")

    [result] = add_sources(["https://example.org/x"], seeds, online=True, fetch=fetch)
    assert result.status == "error" and "could not fetch https://example.org/x: connection refused" in result.message


# --------------------------------------------------------------------------- the command


def test_add_main_prints_one_line_per_source(tmp_path: Path, seeds: Path, capsys: pytest.CaptureFixture) -> None:
    page = write(tmp_path / "en.html", news_page(**EN))
    assert add_main([str(page)], seeds, online=False) == 0
    assert add_main([str(page), "https://example.org/y"], seeds, online=False) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("added: ") and "seeds/satbayev-university-signs-agreement" in lines[0]
    assert lines[1].startswith("duplicate: ") and "(same text)" in lines[1]
    assert lines[2].startswith("error: https://example.org/y: online fetching is off")


def test_duplicate_of_a_cp1251_seed(tmp_path: Path, seeds: Path) -> None:
    write(seeds / "legacy.txt", "\r\n\r\n".join(RU["paragraphs"]).encode("cp1251"))
    page = write(tmp_path / "page.html", news_page(**RU))
    [result] = add_sources([str(page)], seeds)
    assert (result.status, result.message) == ("duplicate", "duplicate of seeds/legacy.txt (same text)")
