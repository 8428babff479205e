//! Reading a chart back as XML, strictly: the tests look at its elements, not its text.

use quick_xml::XmlVersion;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

/// One element of a parsed chart.
#[derive(Debug)]
pub(super) struct Node {
    pub(super) name: String,
    pub(super) attributes: Vec<(String, String)>,
    /// Its own text, entities resolved (not its children's).
    pub(super) text: String,
    pub(super) parent: Option<usize>,
}

impl Node {
    pub(super) fn get(&self, name: &str) -> Option<&str> {
        self.attributes.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    pub(super) fn has_class(&self, class: &str) -> bool {
        self.get("class").is_some_and(|c| c.split(' ').any(|c| c == class))
    }
}

/// Parses `svg` as XML, failing on anything not well-formed: unclosed or mismatched tags,
/// duplicate attributes, unknown entities, characters XML does not allow, more than one root.
pub(super) fn parse(svg: &str) -> Vec<Node> {
    assert!(
        !svg.chars().any(|c| c.is_control() && c != '\n' && !('\u{7f}'..='\u{9f}').contains(&c)),
        "a control character XML does not allow"
    );
    let mut reader = Reader::from_str(svg);
    let (mut nodes, mut open, mut roots) = (Vec::<Node>::new(), Vec::<usize>::new(), 0);
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) | Event::Empty(e) if open.is_empty() && roots > 0 => panic!("a second root {e:?}"),
            Event::Start(e) => {
                roots += usize::from(open.is_empty());
                open.push(nodes.len());
                nodes.push(node(&e, None));
            }
            Event::Empty(e) => {
                roots += usize::from(open.is_empty());
                nodes.push(node(&e, open.last().copied()));
            }
            Event::End(_) => {
                let closed = open.pop().expect("an open element");
                if let Some(&parent) = open.last() {
                    nodes[closed].parent = Some(parent);
                }
            }
            Event::Text(t) => {
                let text = t.xml_content(XmlVersion::Implicit1_0);
                match open.last() {
                    Some(&at) => nodes[at].text.push_str(&text),
                    None => assert!(text.trim().is_empty(), "text outside the root: {text:?}"),
                }
            }
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref().expect("a valid character reference") {
                    Some(c) => c.to_string(),
                    None => resolve_predefined_entity(&r).expect("a predefined entity").to_owned(),
                };
                nodes[*open.last().expect("a reference inside an element")].text.push_str(&resolved);
            }
            Event::Eof => break,
            other => panic!("unexpected {other:?}"),
        }
    }
    assert!(open.is_empty(), "unclosed elements");
    assert_eq!(roots, 1, "one root");
    nodes
}

fn node(e: &BytesStart<'_>, parent: Option<usize>) -> Node {
    let attributes = e
        .attributes()
        .map(|a| {
            let a = a.expect("a well-formed, unique attribute");
            let name = a.key.as_ref().to_owned();
            (name, a.normalized_value(XmlVersion::Implicit1_0).expect("a valid value").into_owned())
        })
        .collect();
    let name = e.name().as_ref().to_owned();
    Node { name, attributes, text: String::new(), parent }
}

pub(super) fn with_class<'a>(nodes: &'a [Node], class: &str) -> Vec<&'a Node> {
    nodes.iter().filter(|n| n.has_class(class)).collect()
}

/// The `<title>` child of the node at `at`.
pub(super) fn title_of(nodes: &[Node], at: usize) -> Option<&str> {
    nodes.iter().find(|n| n.name == "title" && n.parent == Some(at)).map(|n| n.text.as_str())
}

/// The root element.
pub(super) fn root(nodes: &[Node]) -> &Node {
    nodes.first().expect("a root")
}

/// A path's `d` drawn from its first point: the shape, wherever it is.
pub(super) fn relative(d: &str) -> String {
    let spaced = d.replace(['M', 'L', 'Z'], " $0 ");
    let mut origin = Vec::new();
    let mut out = Vec::new();
    for token in spaced.split_whitespace() {
        match token.parse::<f64>() {
            Ok(n) => {
                let axis = out.iter().filter(|t: &&String| t.parse::<f64>().is_ok()).count() % 2;
                if origin.len() < 2 {
                    origin.push(n);
                }
                out.push(format!("{}", n - origin[axis]));
            }
            Err(_) => out.push(token.to_owned()),
        }
    }
    out.join(" ")
}
