//! Hostile Markdown: whatever the author writes, the HTML carries no script, handler or
//! dangerous URL.
//!
//! The output is read as markup: every tag and attribute of it is listed (html5ever serializes
//! in one regular form, and a literal `<` in text is always written `&lt;`), then checked against
//! an allow-list written here independently of the implementation. Attribute values are checked
//! after entity decoding and with whitespace and control characters removed, as a browser reads
//! a URL scheme. Text is not searched for `javascript:`: `[x](javascript:…)` legitimately leaves
//! the harmless text `x`, and an autolink's text is the URL itself, shown as words.

use super::tests::{OWN, OWN_URL, photos};
use super::*;

const TAGS: [&str; 23] = [
    "p",
    "h2",
    "h3",
    "h4",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "em",
    "strong",
    "del",
    "code",
    "pre",
    "br",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "img",
];

fn corpus() -> Vec<String> {
    let own = format!("media:{OWN}");
    let mut payloads: Vec<String> = [
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
        "<img src=x onerror=alert(1)>",
        "<a href=\"https://ok.example\" onclick=\"alert(1)\">x</a>",
        "<details open ontoggle=alert(1)>",
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](java&#x09;script:alert(1))",
        "[x](java&#10;script:alert(1))",
        "[x](&#106;&#97;vascript:alert(1))",
        "[x](javascript&colon;alert(1))",
        "[x](&#x20;javascript:alert(1))",
        "[x](\u{1}javascript:alert(1))",
        "[x](<java script:alert(1)>)",
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[x](vbscript:msgbox(1))",
        "[x](https://ok.example \"t\\\" onmouseover=\\\"alert(1)\")",
        "<svg onload=alert(1)>",
        "<svg><style><img src=x onerror=alert(1)></style></svg>",
        "<iframe src=//evil.example></iframe>",
        "<style>body{background:url(javascript:alert(1))}</style>",
        "<p style=\"background:url(javascript:alert(1))\">x</p>",
        "<a href=\"vbscript:msgbox(1)\">x</a>",
        "<a href=\"jav&#x0A;ascript:alert(1)\">x</a>",
        "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
        "<form action=\"https://evil.example\"><input name=p><button>go</button></form>",
        "<base href=\"https://evil.example/\">",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
        "<link rel=stylesheet href=javascript:alert(1)>",
        "<object data=\"javascript:alert(1)\"></object><embed src=\"javascript:alert(1)\">",
        "<javascript:alert(1)>",
        "<JAVASCRIPT:alert(1)>",
        "<data:text/html,<script>alert(1)</script>>",
        "[x][r]\n\n[r]: javascript:alert(1)",
        "![x][r]\n\n[r]: javascript:alert(1)",
        "![x](https://evil.example/track.gif)",
        "![x](javascript:alert(1))",
        "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
        "<!-- --><script>alert(1)</script> -->",
        "<![CDATA[<script>alert(1)</script>]]>",
        "<scr<script>ipt>alert(1)</script>",
        "<<script>script>alert(1)<</script>/script>",
        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
        "<textarea><script>alert(1)</script></textarea><template><script>alert(1)</script></template>",
        "<div>\n[x](javascript:alert(1))\n</div>",
        "[<img src=x onerror=alert(1)>](https://ok.example)",
        "`<script>alert(1)</script>`\n\n```html\n<script>alert(1)</script>\n```",
        "| a |\n|---|\n| <script>alert(1)</script> |",
        "> <iframe src=//evil.example>\n> - [x](javascript:alert(1))",
    ]
    .map(str::to_owned)
    .to_vec();
    payloads.extend([
        format!("![a\" onerror=\"alert(1)]({own})"),
        format!("<img src=\"{own}\" onerror=alert(1)>"),
        format!("<img src=\"{OWN_URL}\" onerror=alert(1)>"),
        format!("[![x]({own})](javascript:alert(1))"),
    ]);
    payloads
}

#[test]
fn hostile_markdown_renders_to_harmless_html() {
    let photos = photos();
    let corpus = corpus();
    assert!(corpus.len() >= 25);
    for payload in &corpus {
        let html = render(payload, &photos).html;
        let problems = problems(&html);
        assert!(problems.is_empty(), "payload {payload:?}\nrendered {html:?}\nproblems {problems:?}");
        let lower = html.to_lowercase();
        for tag in ["<script", "<iframe", "<svg", "<style", "<math", "<object", "<embed", "<form", "<input", "<base"] {
            assert!(!lower.contains(tag), "{tag} in {html:?} from {payload:?}");
        }
    }
}

#[test]
fn the_checker_catches_what_it_looks_for() {
    for bad in [
        "<p onclick=\"x\">a</p>",
        "<a href=\"java&#x09;script:alert(1)\" rel=\"r\">a</a>",
        "<a href=\"JAVA&#x53;CRIPT:x\">a</a>",
        "<a href=\"data:text/html,x\">a</a>",
        "<a href=\"/relative\">a</a>",
        "<img src=\"https://evil.example/x.gif\" alt=\"\">",
        "<p style=\"color:red\">a</p>",
        "<svg></svg>",
        "<div>a</div>",
        "<p title=x>a</p>",
    ] {
        assert!(!problems(bad).is_empty(), "{bad}");
    }
    assert_eq!(problems(&format!("<p><img src=\"{OWN_URL}\" alt=\"&lt;\"></p>")), Vec::<String>::new());
}

/// What is wrong with the markup of `html`, in words; empty when nothing is.
fn problems(html: &str) -> Vec<String> {
    let mut problems = Vec::new();
    for (name, attributes) in tags(html) {
        if !TAGS.contains(&name.as_str()) {
            problems.push(format!("tag {name}"));
        }
        for (attribute, value) in attributes {
            let allowed: &[&str] = match name.as_str() {
                "a" => &["href", "title", "rel"],
                "img" => &["src", "alt", "width", "height", "loading"],
                "ol" => &["start"],
                _ => &[],
            };
            if !allowed.contains(&attribute.as_str()) || attribute.starts_with("on") || attribute == "style" {
                problems.push(format!("attribute {attribute} on {name}"));
            }
            let value: String = decode(&value).chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect();
            let value = value.to_lowercase();
            if ["javascript:", "data:", "vbscript:"].iter().any(|scheme| value.contains(scheme)) {
                problems.push(format!("{attribute}={value}"));
            }
            let url_ok = match attribute.as_str() {
                "href" => ["http:", "https:", "mailto:"].iter().any(|scheme| value.starts_with(scheme)),
                "src" => value == OWN_URL,
                _ => true,
            };
            if !url_ok {
                problems.push(format!("{attribute}={value}"));
            }
        }
    }
    problems
}

type Tag = (String, Vec<(String, String)>);

/// Every tag of serialized HTML, opening and closing, with its attributes as written.
fn tags(html: &str) -> Vec<Tag> {
    let mut tags = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        rest = &rest[start + 1..];
        // The tag ends at the first `>` outside a double-quoted value.
        let mut quoted = false;
        let end = rest
            .char_indices()
            .find(|&(_, c)| {
                quoted ^= c == '"';
                c == '>' && !quoted
            })
            .map_or(rest.len(), |(i, _)| i);
        tags.push(read_tag(&rest[..end]));
        rest = rest.get(end + 1..).unwrap_or("");
    }
    tags
}

/// `a href="x" rel="y"` or `/a`; a value not written the way html5ever writes it (double-quoted)
/// is read up to the next space, and whatever follows shows up as a strange attribute name.
fn read_tag(inside: &str) -> Tag {
    let inside = inside.strip_prefix('/').unwrap_or(inside);
    let name_end = inside.find(|c: char| c.is_whitespace()).unwrap_or(inside.len());
    let mut attributes = Vec::new();
    let mut rest = inside[name_end..].trim_start();
    while !rest.is_empty() {
        let name_end = rest.find(|c: char| c == '=' || c.is_whitespace()).unwrap_or(rest.len());
        let name = rest[..name_end].to_owned();
        rest = &rest[name_end..];
        let value = match rest.strip_prefix("=\"").and_then(|r| r.split_once('"')) {
            Some((value, after)) => {
                rest = after;
                value.to_owned()
            }
            None => {
                rest = rest.strip_prefix('=').unwrap_or(rest);
                let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
                let value = rest[..end].to_owned();
                rest = &rest[end..];
                value
            }
        };
        attributes.push((name.to_lowercase(), value));
        rest = rest.trim_start();
    }
    (inside[..name_end].to_lowercase(), attributes)
}

/// Character references as a browser decodes them in an attribute value (the ones that matter).
fn decode(value: &str) -> String {
    let mut decoded = String::new();
    let mut rest = value;
    while let Some(amp) = rest.find('&') {
        decoded.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let Some(semi) = rest.find(';') else { break };
        let entity = &rest[1..semi];
        let c = match entity.strip_prefix('#') {
            Some(n) => match n.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok(),
                None => n.parse().ok(),
            }
            .and_then(char::from_u32),
            None => [("amp", '&'), ("quot", '"'), ("lt", '<'), ("gt", '>'), ("colon", ':'), ("Tab", '\t')]
                .iter()
                .find(|(name, _)| *name == entity)
                .map(|(_, c)| *c),
        };
        match c {
            Some(c) => {
                decoded.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                decoded.push('&');
                rest = &rest[1..];
            }
        }
    }
    decoded.push_str(rest);
    decoded
}
