"""The text a reader of a WeasyPrint PDF sees, without a PDF library: glyph codes of the content
streams mapped through each font's ToUnicode CMap. Enough for WeasyPrint's own output only."""

import re
import zlib

OBJECT = re.compile(rb"(\d+) 0 obj\s*(<<.*?>>)\s*(?:stream\r?\n)?", re.S)


def _objects(pdf: bytes) -> dict[int, tuple[bytes, bytes]]:
    """{number: (dictionary, decompressed stream or b"")}, objects inside object streams included."""
    objects = {}
    for match in OBJECT.finditer(pdf):
        number, head = int(match.group(1)), match.group(2)
        data = b""
        length = re.search(rb"/Length (\d+)", head)
        if length and match.group(0).rstrip().endswith(b"stream"):
            raw = pdf[match.end():match.end() + int(length.group(1))]
            data = zlib.decompress(raw) if b"/FlateDecode" in head else raw
        objects[number] = (head, data)
        if b"/ObjStm" in head:
            first = int(re.search(rb"/First (\d+)", head).group(1))
            numbers = [int(x) for x in data[:first].split()]
            offsets = list(zip(numbers[::2], numbers[1::2]))
            for i, (inner, offset) in enumerate(offsets):
                end = first + offsets[i + 1][1] if i + 1 < len(offsets) else len(data)
                objects[inner] = (data[first + offset:end], b"")
    return objects


def _cmap(data: bytes) -> dict[int, str]:
    mapping = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for src, dst in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            mapping[int(src, 16)] = bytes.fromhex(dst.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for lo, hi, dst in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            start = int(dst, 16)
            for n, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                mapping[code] = chr(start + n)
    return mapping


def pdf_text(pdf: bytes) -> str:
    """All text of the PDF, one line per text object, in content order."""
    objects = _objects(pdf)
    unicode_maps = {}
    for number, (head, _data) in objects.items():
        ref = re.search(rb"/ToUnicode (\d+) 0 R", head)
        if ref and int(ref.group(1)) in objects:
            unicode_maps[number] = _cmap(objects[int(ref.group(1))][1])
    fonts = {}
    for head, _data in objects.values():
        for name, ref in re.findall(rb"/([A-Za-z0-9_.+-]+) (\d+) 0 R", head):
            if int(ref) in unicode_maps:
                fonts[name] = unicode_maps[int(ref)]
    lines = []
    for head, data in objects.values():
        if not data or b" Tf" not in data:
            continue
        font, line = {}, []
        for token in re.finditer(rb"/([A-Za-z0-9_.+-]+) [\d.]+ Tf|\[(.*?)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj|\bET\b", data,
                                 re.S):
            if token.group(1):
                font = fonts.get(token.group(1), {})
            elif token.group(0) == b"ET":
                lines.append("".join(line))
                line = []
            else:
                hexes = re.findall(rb"<([0-9a-fA-F]*)>", token.group(2)) if token.group(2) is not None \
                    else [token.group(3)]
                for h in hexes:
                    line += [font.get(int(h[i:i + 4], 16), "") for i in range(0, len(h), 4)]
    return "\n".join(lines)


def words(text: str) -> str:
    """Whitespace folded, so text wrapped over lines compares with the original."""
    return " ".join(text.split())
