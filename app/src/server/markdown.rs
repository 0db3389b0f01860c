//! Text that people write (reports, amendments) as Markdown, shown as HTML. Raw HTML is
//! shown as the text it is, and links and images are left out: a coach's note must never
//! run script, load a tracker or lead a client to a look-alike site.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

pub fn to_safe_html(source: &str) -> String {
    let events = Parser::new(source).filter_map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Some(Event::Text(raw)),
        Event::Start(Tag::Link { .. } | Tag::Image { .. })
        | Event::End(TagEnd::Link | TagEnd::Image) => None,
        other => Some(other),
    });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events);
    html
}

/// The text of Markdown without its markup, for a spreadsheet cell: paragraphs and list
/// items each on a line of their own, list items with a dash.
pub fn to_plain_text(source: &str) -> String {
    let mut text = String::new();
    for event in Parser::new(source) {
        match event {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                text.push_str(&t)
            }
            Event::SoftBreak | Event::HardBreak => text.push('\n'),
            Event::Start(Tag::Item) => text.push_str("- "),
            Event::End(
                TagEnd::Paragraph | TagEnd::Item | TagEnd::Heading(_) | TagEnd::CodeBlock,
            ) if !text.ends_with('\n') => text.push('\n'),
            _ => {}
        }
    }
    text.trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::{to_plain_text, to_safe_html};

    #[test]
    fn paragraphs_lists_and_bold_come_through() {
        let html = to_safe_html("Eerste alinea met **vet**.\n\n- een\n- twee\n");
        assert!(html.contains("<p>Eerste alinea met <strong>vet</strong>.</p>"));
        assert!(html.contains("<ul>\n<li>een</li>\n<li>twee</li>\n</ul>"));
    }

    #[test]
    fn html_scripts_and_links_are_only_text() {
        let html = to_safe_html(
            "<script>alert(1)</script>\n\nklik [hier](javascript:alert(1)) <img src=x onerror=y>",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(!html.contains("<a "), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(html.contains("hier"), "{html}");
    }

    #[test]
    fn plain_text_keeps_the_words_and_the_lines_not_the_markup() {
        let text =
            to_plain_text("Een **goed** gesprek.\n\n- eerste punt\n- `tweede`\n\n<b>niet vet</b>");
        assert_eq!(
            text,
            "Een goed gesprek.\n- eerste punt\n- tweede\n<b>niet vet</b>"
        );
    }
}
