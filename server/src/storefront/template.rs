//! The built storefront's index.html as the frame of every rendered page: its
//! styles and scripts stay; its title, description and body make way for the page's.

/// index.html cut where a rendered page puts its own parts.
#[derive(Clone, Debug)]
pub struct Template {
    /// Up to `</head>`, without the shell's title and description.
    head: String,
    /// From `</head>` to inside `<body>`.
    between: String,
    /// The rest of the body, without the shell's `<noscript>` (a rendered page works without).
    tail: String,
    /// The path of `<base href>`: where the storefront lives.
    pub base: String,
}

/// Parts of the shell a rendered page has no use for: its own title and
/// description replace the first two; its config is embedded, so the third
/// (config.json's preload) would be fetched for nothing.
const DROPPED: [(&str, &str); 3] = [
    ("<title>", "</title>"),
    ("<meta name=\"description\"", ">"),
    ("<link rel=\"preload\" href=\"config.json\"", ">"),
];

impl Template {
    /// The template of an index.html; `None` if it has no head and body.
    pub fn parse(page: &str) -> Option<Template> {
        let (head, rest) = page.split_once("</head>")?;
        let body_at = rest.find("<body")?;
        let body_open = body_at + rest[body_at..].find('>')? + 1;
        let (between, tail) = rest.split_at(body_open);
        let mut head = head.to_owned();
        for (start, end) in DROPPED {
            head = without(&head, start, end);
        }
        Some(Template {
            base: base_href(&head).unwrap_or("/").to_owned(),
            head,
            between: format!("</head>{between}"),
            tail: without(tail, "<noscript>", "</noscript>"),
        })
    }

    /// The page: `head_tags` at the end of the head, `body` first in the body.
    pub fn page(&self, head_tags: &str, body: &str) -> String {
        let mut page = String::with_capacity(
            self.head.len() + head_tags.len() + self.between.len() + body.len() + self.tail.len(),
        );
        for part in [&self.head, head_tags, &self.between, body, &self.tail] {
            page.push_str(part);
        }
        page
    }
}

/// `text` without the first element from `start` to the end of `end` after it.
fn without(text: &str, start: &str, end: &str) -> String {
    let Some(from) = text.find(start) else {
        return text.to_owned();
    };
    match text[from..].find(end) {
        Some(to) => format!("{}{}", &text[..from], &text[from + to + end.len()..]),
        None => text.to_owned(),
    }
}

fn base_href(head: &str) -> Option<&str> {
    let at = head.find("<base href=\"")? + "<base href=\"".len();
    let len = head[at..].find('"')?;
    Some(&head[at..at + len])
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHELL: &str = "<html><head><base href=\"/shop/\" />\
        <meta name=\"description\" content=\"x\" /><title>T</title>\
        <link rel=\"preload\" href=\"config.json\" as=\"fetch\" crossorigin />\
        <script type=\"module\">start()</script></head>\n<body class=\"b\">\
        <noscript>needs JS</noscript></body></html>";

    #[test]
    fn keeps_the_scripts_and_drops_what_the_page_replaces() {
        let template = Template::parse(SHELL).unwrap();
        let page = template.page("<title>P</title>", "<div id=\"beltmart\"></div>");
        assert_eq!(
            page,
            "<html><head><base href=\"/shop/\" /><script type=\"module\">start()</script>\
             <title>P</title></head>\n<body class=\"b\"><div id=\"beltmart\"></div></body></html>"
        );
        assert_eq!(template.base, "/shop/");
    }

    #[test]
    fn a_page_without_head_or_body_is_no_template() {
        assert!(Template::parse("<p>hi</p>").is_none());
    }
}
