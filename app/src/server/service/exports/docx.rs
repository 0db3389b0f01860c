//! The building blocks of the practice's Word documents (docx-rs): headings, labelled
//! lines, texts of several lines, tables, and writing the finished document.

use docx_rs::{Docx, Paragraph, Run, Table, TableCell, TableRow};

use crate::error::AppError;

pub(crate) fn heading(text: &str, size: usize) -> Paragraph {
    Paragraph::new().add_run(Run::new().add_text(text).bold().size(size))
}

pub(crate) fn line(label: &str, value: &str) -> Paragraph {
    Paragraph::new()
        .add_run(Run::new().add_text(format!("{label}: ")).bold())
        .add_run(Run::new().add_text(value))
}

/// A text of several lines: one paragraph per line, so Word shows the breaks.
pub(crate) fn text(doc: Docx, body: &str) -> Docx {
    body.lines().fold(doc, |doc, l| {
        doc.add_paragraph(Paragraph::new().add_run(Run::new().add_text(l)))
    })
}

fn cell(text: &str, bold: bool) -> TableCell {
    let run = Run::new().add_text(text);
    TableCell::new().add_paragraph(Paragraph::new().add_run(if bold { run.bold() } else { run }))
}

/// A table with a bold header row; `last_bold` makes the last row a bold total.
pub(crate) fn table(header: &[&str], rows: &[Vec<String>], last_bold: bool) -> Table {
    let mut out = vec![TableRow::new(
        header.iter().map(|h| cell(h, true)).collect(),
    )];
    for (i, row) in rows.iter().enumerate() {
        let bold = last_bold && i + 1 == rows.len();
        out.push(TableRow::new(row.iter().map(|c| cell(c, bold)).collect()));
    }
    Table::new(out)
}

/// The document as the bytes of a `.docx`.
pub(crate) fn pack(doc: Docx) -> Result<Vec<u8>, AppError> {
    let mut out = std::io::Cursor::new(Vec::new());
    doc.build().pack(&mut out).map_err(|error| {
        tracing::error!(%error, "writing a Word document failed");
        AppError::Internal
    })?;
    Ok(out.into_inner())
}
