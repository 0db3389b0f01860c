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

#[cfg(test)]
mod tests {
    use super::to_safe_html;

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
}
