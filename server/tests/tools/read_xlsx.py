"""Reads a Koers Excel export with openpyxl, a reader that is not Koers. Prints one JSON
object: per sheet its frozen cell, its filter range and every row, each cell as a number,
a text, or {"date": "YYYY-MM-DD"} / {"datetime": "YYYY-MM-DDTHH:MM"} when Excel holds a
date (a number with a date format), so the test sees what a spreadsheet would."""

import datetime
import json
import sys

import openpyxl

book = openpyxl.load_workbook(sys.argv[1])
sheets = []
for sheet in book.worksheets:
    rows = []
    for row in sheet.iter_rows():
        cells = []
        for cell in row:
            value = cell.value
            if isinstance(value, datetime.datetime):
                if value.time() == datetime.time(0, 0) and "h" not in cell.number_format:
                    value = {"date": value.date().isoformat()}
                else:
                    value = {"datetime": value.strftime("%Y-%m-%dT%H:%M")}
            elif isinstance(value, datetime.date):
                value = {"date": value.isoformat()}
            cells.append(value)
        rows.append(cells)
    sheets.append(
        {
            "name": sheet.title,
            "frozen": sheet.freeze_panes,
            "filter": sheet.auto_filter.ref,
            "rows": rows,
        }
    )
print(json.dumps({"sheets": sheets}))
