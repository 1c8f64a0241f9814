"""Bytes to pages of text: type detection by magic bytes, PDF/DOCX/HTML/text readers, cleanup.

The readers return :class:`ParsedPages` (one string per page, the detected media type and any
warnings); :mod:`service.documents.analysis` turns that into a :class:`Document`. Repeated headers,
footers and bare page numbers are dropped here because they would otherwise split sentences that
run across a page break and pollute the evidence a reviewer reads.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from service.documents.errors import (
    DocumentError,
    DocumentTooLarge,
    EncryptedPdf,
    NoTextLayer,
    UnreadableDocument,
    UnsupportedMediaType,
)

__all__ = [
    "DocumentError",
    "DocumentTooLarge",
    "EncryptedPdf",
    "NoTextLayer",
    "ParsedPages",
    "UnreadableDocument",
    "UnsupportedMediaType",
    "detect_media_type",
    "parse_bytes",
]

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
HTML = "text/html"
MARKDOWN = "text/markdown"
TEXT = "text/plain"

DEFAULT_MAX_BYTES = 25 * 1024 * 1024
DEFAULT_MAX_PAGES = 500
MIN_PAGE_CHARS = 20  # fewer visible characters than this and a page counts as image-only

NO_TEXT_HINT = (
    "The file has no text layer (it looks scanned). Export it again with text, run OCR on it "
    "before uploading, or enable OCR (TOLLGATE_OCR_ENABLED=true with tesseract installed)."
)


@dataclass
class ParsedPages:
    """Page texts in reading order; ``paginated`` is False for formats without pages."""

    pages: list[str]
    media_type: str
    paginated: bool = True
    warnings: list[str] = field(default_factory=list)
    empty_pages: list[int] = field(default_factory=list)  # 1-based numbers of image-only pages


def detect_media_type(data: bytes, filename: str | None = None) -> str:
    """The media type from the content's magic bytes; the file name only tells md from txt."""
    head = data[:2048]
    if head.startswith(b"%PDF-") or b"%PDF-" in data[:1024]:
        return PDF
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if "word/document.xml" in archive.namelist():
                    return DOCX
        except zipfile.BadZipFile as exc:
            raise UnreadableDocument("The file looks like a ZIP archive but is corrupt.") from exc
        raise UnsupportedMediaType("ZIP archives other than DOCX are not supported.")
    text = _decode_text(head, strict=True)
    if text is None:
        raise UnsupportedMediaType("The file is neither PDF, DOCX, HTML nor text.")
    lowered = text.lstrip("\ufeff \t\r\n").lower()
    if lowered.startswith(("<!doctype html", "<html")) or re.search(
        r"<(html|body|p|div|h1)\b", lowered[:1024]
    ):
        return HTML
    if (filename or "").lower().endswith((".md", ".markdown")) or re.search(
        r"(?m)^#{1,6} \S", text
    ):
        return MARKDOWN
    return TEXT


def _decode_text(data: bytes, *, strict: bool = False) -> str | None:
    """Decode text as UTF-8 (with or without BOM), else cp1252; None when it looks binary."""
    if b"\x00" in data[:4096]:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            try:
                return data.decode("utf-16")
            except UnicodeDecodeError:
                return None
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if strict and exc.start >= len(data) - 4:  # a multi-byte char cut by the sniffing window
            return data[: exc.start].decode("utf-8-sig")
    control = sum(1 for b in data[:4096] if b < 9 or 13 < b < 32)
    if control > 8:
        return None
    return data.decode("cp1252", errors="replace")


def parse_bytes(
    data: bytes,
    filename: str | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_pages: int = DEFAULT_MAX_PAGES,
    ocr: bool = False,
    ocr_max_pages: int = 20,
) -> ParsedPages:
    """Read ``data`` into pages of text, enforcing the size and page limits.

    PDF text comes from pypdf. A pypdfium2 text backend was tried and dropped: its
    line breaking differs from pypdf's on forms and Q&A documents (9 of the 10 federal PDFs in
    ../shared/data/sow), in ways no whitespace canonicalization undoes (reading order of form
    fields, whitespace pypdfium2 drops altogether: "01.Attachment" for "01.\nAttachment"), and
    no check cheaper than running pypdf tells when it diverged. The issue requires the same
    ``Document`` from any backend, so pypdfium2 only serves as the benchmark's reference and
    renders pages for OCR.
    """
    if len(data) > max_bytes:
        raise DocumentTooLarge(
            f"The file is {len(data)} bytes; the limit is {max_bytes} bytes.", max_bytes=max_bytes
        )
    if not data.strip():
        raise UnreadableDocument("The file is empty.")
    media_type = detect_media_type(data, filename)
    if media_type == PDF:
        parsed = _read_pdf(data, max_pages=max_pages, ocr=ocr, ocr_max_pages=ocr_max_pages)
    elif media_type == DOCX:
        parsed = _read_docx(data)
    else:
        text = _decode_text(data)
        if text is None:
            raise UnsupportedMediaType("The file is neither PDF, DOCX, HTML nor text.")
        if media_type == HTML:
            text = html_to_text(text)
        elif media_type == MARKDOWN:
            text = unescape_markdown(text)
        parsed = ParsedPages([_normalize(text)], media_type, paginated=False)
        if not parsed.pages[0].strip():
            raise NoTextLayer("The document contains no text.", hint=NO_TEXT_HINT)
    return parsed


# --------------------------------------------------------------------------------------- PDF
def _read_pdf(data: bytes, *, max_pages: int, ocr: bool, ocr_max_pages: int = 20) -> ParsedPages:
    import pypdf
    from pypdf.errors import FileNotDecryptedError, PdfReadError

    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except Exception as exc:  # unsupported algorithm and the like
                raise EncryptedPdf("The PDF is encrypted and cannot be opened.") from exc
            if not ok:
                raise EncryptedPdf(
                    "The PDF is protected by a password; upload an unprotected copy."
                )
        count = len(reader.pages)
    except DocumentError:
        raise
    except FileNotDecryptedError as exc:
        raise EncryptedPdf("The PDF is protected by a password.") from exc
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise UnreadableDocument(f"The PDF cannot be read: {exc}") from exc
    except Exception as exc:  # pypdf raises many things on garbage input
        raise UnreadableDocument(f"The PDF cannot be read: {type(exc).__name__}") from exc
    if count > max_pages:
        raise DocumentTooLarge(
            f"The PDF has {count} pages; the limit is {max_pages}.", max_pages=max_pages
        )
    if count == 0:
        raise UnreadableDocument("The PDF has no pages.")

    raw: list[str] = []
    for page in reader.pages:
        try:
            raw.append(page.extract_text() or "")
        except Exception:  # one broken content stream should not lose the whole file
            raw.append("")
    pages = [_normalize(text, strip_indent=True) for text in raw]
    warnings: list[str] = []
    empty = [i + 1 for i, text in enumerate(pages) if len(text.strip()) < MIN_PAGE_CHARS]
    if empty and ocr:
        pages, empty, ocr_warnings = _ocr_pages(data, pages, empty, ocr_max_pages)
        warnings.extend(ocr_warnings)
    if len(empty) == len(pages):
        raise NoTextLayer("No page of the PDF has a text layer.", hint=NO_TEXT_HINT)
    for number in empty:
        warnings.append(
            f"page {number} has no text layer (scanned image?); its content is not analyzed"
        )
    pages = strip_headers_footers(pages)
    return ParsedPages(pages, PDF, paginated=True, warnings=warnings, empty_pages=empty)


def _ocr_pages(
    data: bytes, pages: list[str], empty: list[int], limit: int = 20
) -> tuple[list[str], list[int], list[str]]:
    """OCR image-only pages with tesseract when pytesseract and pypdfium2 are both installed.

    At most ``limit`` pages (about a second each): OCR runs inside the upload request, and a
    fully scanned 500-page file should be OCR'd before upload, not there."""
    try:
        import pypdfium2
        import pytesseract  # type: ignore[import-not-found]
    except ImportError:
        return pages, empty, ["OCR is enabled but pytesseract/pypdfium2 is not installed"]
    pdf = pypdfium2.PdfDocument(data)
    still_empty: list[int] = list(empty[limit:])
    skipped = [f"OCR stopped after {limit} image-only pages (TOLLGATE_OCR_MAX_PAGES)"] if still_empty else []
    out = list(pages)
    for number in empty[:limit]:
        image = pdf[number - 1].render(scale=2).to_pil()
        text = _normalize(str(pytesseract.image_to_string(image)))
        if len(text.strip()) >= MIN_PAGE_CHARS:
            out[number - 1] = text
        else:
            still_empty.append(number)
    ocr_done = sorted(set(empty) - set(still_empty))
    warnings = [f"page {n} was read with OCR; check its evidence carefully" for n in ocr_done]
    return out, sorted(still_empty), warnings + skipped


_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-–—]\s*)?(?:page\s+)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?(?:\s*[-–—])?\s*$", re.I
)
_DIGITS = re.compile(r"\d+")


def strip_headers_footers(pages: list[str]) -> list[str]:
    """Drop lines repeated at the top/bottom of most pages, and bare page numbers.

    Only the first and last two non-empty lines of a page are candidates, and a line must recur
    (digits ignored) on at least half of the pages (min. 2) to count as running header/footer.
    """
    edge = 2
    split = [page.split("\n") for page in pages]
    counts: Counter[str] = Counter()
    for lines in split:
        seen = set()
        for line in _edge_lines(lines, edge):
            key = _DIGITS.sub("#", line.strip().lower())
            if key and key not in seen:
                seen.add(key)
                counts[key] += 1
    threshold = max(2, (len(pages) + 1) // 2)
    repeated = {key for key, n in counts.items() if n >= threshold}
    out = []
    for lines in split:
        candidates = set(_edge_indexes(lines, edge))
        kept = [
            line
            for i, line in enumerate(lines)
            if not (
                i in candidates
                and (_PAGE_NUMBER.match(line) or _DIGITS.sub("#", line.strip().lower()) in repeated)
            )
        ]
        out.append("\n".join(kept).strip("\n"))
    return out


def _edge_indexes(lines: list[str], edge: int) -> list[int]:
    nonblank = [i for i, line in enumerate(lines) if line.strip()]
    return nonblank[:edge] + nonblank[-edge:]


def _edge_lines(lines: list[str], edge: int) -> list[str]:
    return [lines[i] for i in _edge_indexes(lines, edge)]


_CHARMAP = str.maketrans(
    {
        **{chr(c): None for c in [*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F]},
        "\r": "\n",
        "\f": "\n",
        "\u00a0": " ",
        "\ufeff": None,
        "\u00ad": None,
        "\u200b": None,
        "ﬀ": "ff",
        "ﬁ": "fi",
        "ﬂ": "fl",
        "ﬃ": "ffi",
        "ﬄ": "ffl",
        "ﬅ": "st",
        "ﬆ": "st",
    }
)
# The characters _CHARMAP changes, looked for before translating a page: str.translate goes
# character by character through the mapping on text that is not pure ASCII (a few ms for 50
# pages), and most pages hold none of them.
_CHARMAP_CHARS = re.compile("[" + "".join(re.escape(chr(c)) for c in _CHARMAP) + "]")
# ("[ \t][ \t]+" rather than "[ \t]{2,}": a pattern that opens with a character class is
# searched by a C scan for that class, one that opens with a repeat is tried at every position)
_SPACE_RUN = re.compile(r"[ \t][ \t]+")
_MANY_BLANK = re.compile(r"\n{3,}")


def _normalize(text: str, *, strip_indent: bool = False) -> str:
    """One newline convention, no control characters, no trailing blanks, at most one blank line.

    ``strip_indent`` (PDF pages) also drops leading spaces, space runs and blank lines: pypdf
    reproduces the layout of typewritten filings with runs of spaces and empty lines, which
    would otherwise break paragraphs and section headings apart. One ``translate`` and one
    split/join do most of the work: this runs on every page of every upload.
    """
    text = text.replace("\r\n", "\n")
    if text.isascii() or _CHARMAP_CHARS.search(text):
        text = text.translate(_CHARMAP)
    if strip_indent:
        lines = (line.strip(" \t") for line in text.split("\n"))
        text = "\n".join(line for line in lines if line)
        if "  " in text or "\t" in text:
            text = _SPACE_RUN.sub(" ", text)
        return text
    text = "\n".join(line.rstrip(" \t") for line in text.split("\n"))
    text = _MANY_BLANK.sub("\n\n", text)
    return text.strip("\n")


# -------------------------------------------------------------------------------------- DOCX
def _read_docx(data: bytes) -> ParsedPages:
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(io.BytesIO(data))
        blocks: list[str] = []
        body = document.element.body
        for child in body.iterchildren():
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "p":
                blocks.append(Paragraph(child, document).text)
            elif tag == "tbl":
                table = Table(child, document)
                for row in table.rows:
                    cells: list[str] = []
                    for cell in row.cells:
                        value = " ".join(cell.text.split())
                        if not cells or cells[-1] != value:  # merged cells repeat their text
                            cells.append(value)
                    blocks.append("\t".join(cells))
                blocks.append("")
    except DocumentError:
        raise
    except Exception as exc:
        raise UnreadableDocument(f"The DOCX cannot be read: {type(exc).__name__}: {exc}") from exc
    text = _normalize("\n".join(blocks))
    if not text.strip():
        raise NoTextLayer("The DOCX contains no text.", hint=NO_TEXT_HINT)
    return ParsedPages([text], DOCX, paginated=False)


_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!&<>|$])")


_MD_BLOCK_TAG = re.compile(
    r"</?(?:p|div|br|tr|table|thead|tbody|li|ul|ol|h[1-6]|blockquote|section|hr)\b[^>\n]*>", re.I
)
_MD_INLINE_TAG = re.compile(r"</?[a-zA-Z][\w-]*(?:\s[^>\n]*)?>")
_MD_CELL_TAG = re.compile(r"</?t[hd]\b[^>\n]*>", re.I)


def unescape_markdown(text: str) -> str:
    """Drop markdown escapes ("T\\&M" -> "T&M") and embedded HTML tags (tables) from markdown.

    Evidence should read as the rendered page does; an HTML table inside markdown would
    otherwise become one giant "sentence" of tags.
    """
    if "<" in text:
        text = _MD_CELL_TAG.sub("\t", text)
        text = _MD_BLOCK_TAG.sub("\n", text)
        text = _MD_INLINE_TAG.sub("", text)
        text = re.sub(r"[ \t]*\n[ \t\n]*\n", "\n\n", text)
    return _MD_ESCAPE.sub(r"\1", text)


# -------------------------------------------------------------------------------------- HTML
_BLOCK_TAGS = {
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "tr",
    "table",
    "section",
    "article",
    "header",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "hr",
    "dd",
    "dt",
    "title",
}


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in ("script", "style", "head"):
            self._skip += 1
        elif tag in ("td", "th"):
            self.parts.append("\t")
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "head"):
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(re.sub(r"\s+", " ", data))


def html_to_text(html: str) -> str:
    """Visible text of an HTML page, one line per block element."""
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    lines = [line.strip(" ") for line in text.split("\n")]
    return "\n".join(lines)
