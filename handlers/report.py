"""The year's results as a DOCX report in the Vietnamese administrative layout — letterhead per the
organisation's document profile, "BÁO CÁO / Kết quả …", numbered sections with the summary's figures
against the year before, the plan's indicators measured from consenting people's profiles, and the year's
honours.

The /report command (`handlers.yearly`) gathers the figures and has this module write them in a child process
(`bot.offload`), so python-docx never loads in the bot."""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from bot.org import Organisation
from bot.texts import label, num, t
from handlers import documents
from handlers.documents import PORTRAIT_HEAD_MM
from handlers.summary import duration, percent, ranked_topics
from handlers.tracking import topic_label
from handlers.yearly import YearReport
from storage import reports
from storage.models import PRIVACY
from storage.reports import PollFigure, Share

TEXT_WIDTH_MM = 165  # A4 portrait less the 30 mm and 15 mm margins
TOPIC_COLUMNS_MM = (14, 63, 22, 22, 22, 22)
INDICATOR_COLUMNS_MM = (60, 70, 35)
COUNT_COLUMNS_MM = (14, 111, 40)
TABLE_TEXT = 12


# ------------------------------------------------------------------ writing


def _paragraph(document: DocxDocument, org: Organisation, text: str, *, bold: bool = False) -> None:
    """A body paragraph: justified, first line indented 12.7 mm, 6 pt after (Decree 30, ô số 6)."""
    paragraph = documents.line(document, text, documents.body_size(org), bold=bold, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    paragraph.paragraph_format.first_line_indent = Mm(12.7)
    paragraph.paragraph_format.space_after = Pt(6)


def _table(document: DocxDocument, widths: tuple[float, ...], header: list[str], rows: list[list[str]]) -> None:
    """A ruled table, its header bold and centred, numbers right-aligned."""
    table = documents.columns(document, 1 + len(rows), widths)
    table.style = "Table Grid"
    for r, values in enumerate([header, *rows]):
        for cell, value in zip(table.rows[r].cells, values, strict=True):
            numeric = r > 0 and value.replace(".", "").replace(",", "").rstrip("%").isdigit()
            align = WD_ALIGN_PARAGRAPH.CENTER if r == 0 else (WD_ALIGN_PARAGRAPH.RIGHT if numeric else WD_ALIGN_PARAGRAPH.LEFT)
            documents.line(cell, value, TABLE_TEXT, bold=r == 0, align=align)
    documents.line(document, "", 6)


def change(lang: str, now: int, before: int) -> str:
    """`tăng 3 (25%)`, `giảm 2 (10%)`, `không đổi`."""
    diff = now - before
    if diff == 0:
        return t(lang, "report.same")
    if before == 0:
        return t(lang, "report.up_from_zero", count=num(lang, diff))
    return t(lang, "report.up" if diff > 0 else "report.down", count=num(lang, abs(diff)), percent=percent(abs(diff), before))


def _topic_rows(report: YearReport) -> list[list[str]]:
    lang, figures = report.language, report.current
    rows = []
    for n, (topic, total) in enumerate(ranked_topics(figures), start=1):
        counts = figures.topic_status[topic]
        values = [total, counts["answered"], counts["open"], counts["overdue"]]
        rows.append([str(n), topic_label(lang, topic), *(num(lang, v) for v in values)])
    totals = [figures.total, figures.by_status["answered"], figures.by_status["open"], figures.by_status["overdue"]]
    return [*rows, ["", t(lang, "report.col.total"), *(num(lang, v) for v in totals)]]


def _received(document: DocxDocument, org: Organisation, report: YearReport) -> None:
    """1. How many, against the year before, by privacy, and by topic in a table."""
    lang, now = report.language, report.current
    _paragraph(document, org, t(lang, "report.s1.count_title"), bold=True)
    privacy = {p: num(lang, now.by_privacy[p]) for p in PRIVACY}
    trend = change(lang, now.total, report.previous.total)
    _paragraph(document, org, t(lang, "report.s1.count", total=num(lang, now.total), trend=trend, before=report.year - 1, **privacy))
    header = [t(lang, f"report.col.{c}") for c in ("number", "topic", "count", "answered", "open", "overdue")]
    _table(document, TOPIC_COLUMNS_MM, header, _topic_rows(report))


def _answered(document: DocxDocument, org: Organisation, report: YearReport) -> None:
    """2. How they stand now, and the median time to a first answer."""
    lang, now = report.language, report.current
    _paragraph(document, org, t(lang, "report.s1.answers_title"), bold=True)
    status = {s: num(lang, now.by_status[s]) for s in reports.STATUS_CLASSES}
    _paragraph(document, org, t(lang, "report.s1.answers", percent=percent(now.by_status["answered"], now.total), **status))
    if now.median_answer_seconds is not None:
        _paragraph(document, org, t(lang, "report.s1.median", time=duration(lang, now.median_answer_seconds)))


def _satisfaction(document: DocxDocument, org: Organisation, report: YearReport) -> None:
    """3. The average rating, and the year before's."""
    lang, now, before = report.language, report.current, report.previous
    _paragraph(document, org, t(lang, "report.s1.rating_title"), bold=True)
    if now.average_rating is None:
        _paragraph(document, org, t(lang, "report.s1.no_rating"))
        return
    rating = t(lang, "report.s1.rating", count=num(lang, now.rated), average=num(lang, now.average_rating, 1))
    if before.average_rating is not None:
        rating += " " + t(lang, "report.s1.rating_before", before=report.year - 1, average=num(lang, before.average_rating, 1))
    _paragraph(document, org, rating)


def _themes(document: DocxDocument, org: Organisation, report: YearReport) -> None:
    """4. The themes, with how many of the sampled texts mention each."""
    lang = report.language
    _paragraph(document, org, t(lang, "report.s1.themes_title"), bold=True)
    if not report.themes:
        _paragraph(document, org, t(lang, "report.s1.no_themes"))
        return
    phrases = ", ".join(f"{theme.phrase} ({num(lang, theme.texts)})" for theme in report.themes)
    _paragraph(document, org, t(lang, "report.s1.themes", count=num(lang, report.sampled), themes=phrases))


def _submissions(document: DocxDocument, org: Organisation, report: YearReport) -> None:
    """I. Submissions received and answered."""
    _paragraph(document, org, t(report.language, "report.s1"), bold=True)
    for part in (_received, _answered, _satisfaction, _themes):
        part(document, org, report)


def _poll_line(lang: str, poll: PollFigure) -> str:
    if not poll.invited:
        return t(lang, "report.s2.poll_unknown", question=poll.question, ballots=num(lang, poll.ballots))
    counts = {"ballots": num(lang, poll.ballots), "invited": num(lang, poll.invited), "percent": percent(poll.ballots, poll.invited)}
    return t(lang, "report.s2.poll", question=poll.question, **counts)


def _activity(document: DocxDocument, org: Organisation, report: YearReport) -> None:
    """II. Dialogues with registrations, polls with turnout, drafts with comments: a total, then one line each."""
    lang, done, tz = report.language, report.activity, report.tz
    people, ballots, comments = (num(lang, sum(values)) for values in (
        [e.registered for e in done.events], [p.ballots for p in done.polls], [d.comments for d in done.drafts]
    ))
    blocks = [
        ("events", t(lang, "report.s2.events", count=num(lang, len(done.events)), people=people), [
            t(lang, "report.s2.event", title=e.title, date=f"{e.starts_at.astimezone(tz):%d/%m/%Y}", count=num(lang, e.registered))
            for e in done.events
        ]),
        ("polls", t(lang, "report.s2.polls", count=num(lang, len(done.polls)), ballots=ballots), [_poll_line(lang, p) for p in done.polls]),
        ("drafts", t(lang, "report.s2.drafts", count=num(lang, len(done.drafts)), comments=comments), [
            t(lang, "report.s2.draft", title=d.title, date=f"{d.deadline.astimezone(tz):%d/%m/%Y}", count=num(lang, d.comments))
            for d in done.drafts
        ]),
    ]
    _paragraph(document, org, t(lang, "report.s2"), bold=True)
    for name, total, lines in blocks:
        _paragraph(document, org, t(lang, f"report.s2.{name}_title"), bold=True)
        for text in (total, *lines):
            _paragraph(document, org, text)


def _share(lang: str, share: Share) -> str:
    """`12 người (30%)`, or that nobody answered the question (rather than `0 người (0%)`)."""
    if share.known == 0:
        return t(lang, "report.ind.nobody_answered")
    return t(lang, "report.ind.share", count=num(lang, share.count), percent=percent(share.count, share.known))


def _people(document: DocxDocument, org: Organisation, report: YearReport) -> None:
    """III. The plan's indicators, each over the consenting people who answered that question, then by field and commune."""
    lang, found = report.language, report.indicators
    _paragraph(document, org, t(lang, "report.s3"), bold=True)
    counts = {"consented": found.consented, "joined": report.activity.joined, "profiled": found.profiled}
    _paragraph(document, org, t(lang, "report.s3.people", **{k: num(lang, v) for k, v in counts.items()}))
    target = org.targets
    postgraduate = t(
        lang, "report.ind.postgraduate_result", count=num(lang, found.postgraduate.count), target=num(lang, target.postgraduates),
        year=target.year, percent=percent(found.postgraduate.count, target.postgraduates),
    )
    rows = [
        [t(lang, "report.ind.postgraduate"), postgraduate, num(lang, found.postgraduate.known)],
        [t(lang, "report.ind.under_40"), _share(lang, found.under_40), num(lang, found.under_40.known)],
        [t(lang, "report.ind.women"), _share(lang, found.women), num(lang, found.women.known)],
        [t(lang, "report.ind.minorities"), _share(lang, found.minorities), num(lang, found.minorities.known)],
    ]
    _table(document, INDICATOR_COLUMNS_MM, [t(lang, f"report.col.{c}") for c in ("indicator", "result", "known")], rows)
    by_field = [(label(lang, "field", code), count) for code, count in found.by_field]
    _counts(document, org, lang, "field", by_field)
    _counts(document, org, lang, "commune", found.by_commune)


def _counts(
    document: DocxDocument, org: Organisation, lang: str, column: str, counts: list[tuple[str, int]], heading: str | None = None
) -> None:
    """People by field or by commune, as a numbered table."""
    _paragraph(document, org, t(lang, heading or f"report.s3.by_{column}"))
    if not counts:
        _paragraph(document, org, t(lang, "report.none"))
        return
    header = [t(lang, "report.col.number"), t(lang, f"report.col.{column}"), t(lang, "report.col.people")]
    _table(document, COUNT_COLUMNS_MM, header, [[str(n), name, num(lang, count)] for n, (name, count) in enumerate(counts, start=1)])


def _honours(document: DocxDocument, org: Organisation, report: YearReport) -> None:
    """IV. Rounds of honours, nominations and honourees; their profile shares only over those who consented and answered."""
    lang, found = report.language, report.honours
    _paragraph(document, org, t(lang, "report.s_honours"), bold=True)
    if not found.rounds:
        _paragraph(document, org, t(lang, "report.honours.none"))
        return
    counts = {"rounds": len(found.rounds), "announced": found.announced, "nominations": found.nominations, "reviewed": found.reviewed}
    _paragraph(document, org, t(lang, "report.honours.rounds", **{k: num(lang, v) for k, v in counts.items()}))
    for figure in found.rounds:
        values = {"nominations": num(lang, figure.nominations), "honoured": num(lang, figure.honoured)}
        _paragraph(document, org, t(lang, "report.honours.round", title=figure.title, **values))
    _paragraph(document, org, t(lang, "report.honours.honoured", count=num(lang, found.honoured), in_bot=num(lang, found.in_bot)))
    rows = [
        [t(lang, "report.ind.women"), _share(lang, found.women), num(lang, found.women.known)],
        [t(lang, "report.ind.under_40"), _share(lang, found.under_40), num(lang, found.under_40.known)],
        [t(lang, "report.ind.minorities"), _share(lang, found.minorities), num(lang, found.minorities.known)],
    ]
    _table(document, INDICATOR_COLUMNS_MM, [t(lang, f"report.col.{c}") for c in ("indicator", "result", "known")], rows)
    by_field = [(label(lang, "field", code), count) for code, count in found.by_field]
    _counts(document, org, lang, "field", by_field, "report.honours.by_field")


def _overall(document: DocxDocument, org: Organisation, report: YearReport) -> None:
    """IV. The year against the one before, in words."""
    lang, now, before = report.language, report.current, report.previous
    _paragraph(document, org, t(lang, "report.s4"), bold=True)
    trend = change(lang, now.total, before.total)
    if now.total and before.total:
        rate, rate_before = percent(now.by_status["answered"], now.total), percent(before.by_status["answered"], before.total)
        _paragraph(document, org, t(lang, "report.s4.count", before=report.year - 1, trend=trend, rate=rate, rate_before=rate_before))
    else:
        _paragraph(document, org, t(lang, "report.s4.no_rate", before=report.year - 1, trend=trend))


def _closing(document: DocxDocument, org: Organisation, language: str) -> None:
    """The signature on the right, the recipients on the left (Nơi nhận; under Guideline 36, underlined)."""
    cell = documents.signature(document, org, PORTRAIT_HEAD_MM)
    party = documents.is_party(org)
    where = cell if cell is not None else document
    left = WD_ALIGN_PARAGRAPH.LEFT
    heading = t(language, "report.recipients")
    documents.line(where, heading, 14 if party else 12, bold=not party, italic=not party, underline=party, align=left)
    documents.line(where, t(language, "report.archive_party" if party else "report.archive"), 12 if party else 11, align=left)


def report_docx(report: YearReport, org: Organisation) -> bytes:
    """The report: A4 portrait, Times New Roman, the organisation's letterhead and numbered sections."""
    lang = report.language
    document = documents.new_document(org, landscape=False)
    party = documents.is_party(org)
    number = None
    if org.symbol_code:
        number = t(lang, "report.number_party" if party else "report.number", code=org.symbol_code)
    documents.letterhead(document, org, report.issued_on, lang, number=number, widths_mm=PORTRAIT_HEAD_MM)
    documents.line(document, "", 13)
    documents.line(document, t(lang, "report.type"), 15 if party else 14, bold=True)
    documents.line(document, t(lang, "report.title", year=report.year), 14, bold=True)
    documents.rule(document, TEXT_WIDTH_MM / 2 - 20)
    until = f"{report.until:%d/%m/%Y}"
    _paragraph(document, org, t(lang, "report.lead", org=org.name, year=report.year, until=until))
    for section in (_submissions, _activity, _people, _honours, _overall):
        section(document, org, report)
    _closing(document, org, lang)
    return documents.save(document)
