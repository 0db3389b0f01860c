"""Reads Koers Word documents with python-docx, a reader that is not Koers: one `.docx`, or
a ZIP of them. Prints one JSON object: "files" (the names in the ZIP, or the one document)
and "documents", per Word document its text, paragraphs and table cells in order (a table
row as its cells joined by " | "), one line each."""

import io
import json
import sys
import zipfile

import docx


def text_of(data):
    word = docx.Document(io.BytesIO(data))
    lines = [p.text for p in word.paragraphs]
    for table in word.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(lines)


with open(sys.argv[1], "rb") as f:
    raw = f.read()
with zipfile.ZipFile(io.BytesIO(raw)) as z:
    names = z.namelist()
    if "word/document.xml" in names:
        files = ["document.docx"]
        documents = {"document.docx": text_of(raw)}
    else:
        files = names
        documents = {n: text_of(z.read(n)) for n in names if n.endswith(".docx")}
        documents.update(
            {n: z.read(n).decode("utf-8") for n in names if n.endswith(".txt")}
        )

print(json.dumps({"files": files, "documents": documents}))
