"""Reads a Koers export with tools that are not Koers: validates dossier.json against the
schema.json shipped beside it (jsonschema), reads dossier.docx with python-docx, and lists
every file in the ZIP with its SHA-256. Prints one JSON object; exits 1 when the JSON does
not validate."""

import hashlib
import io
import json
import sys
import zipfile

import docx
import jsonschema

with zipfile.ZipFile(sys.argv[1]) as z:
    names = z.namelist()
    data = json.loads(z.read("dossier.json"))
    schema = json.loads(z.read("schema.json"))
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]
    word = docx.Document(io.BytesIO(z.read("dossier.docx")))
    text = "\n".join(p.text for p in word.paragraphs)
    files = {n: hashlib.sha256(z.read(n)).hexdigest() for n in names}

print(json.dumps({"errors": errors, "docx": text, "files": files, "json": data}))
sys.exit(1 if errors else 0)
