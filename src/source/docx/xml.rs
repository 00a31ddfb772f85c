//! Small helpers over `quick-xml` events for WordprocessingML, which is read by local names so that
//! an unusual namespace prefix (`w:` is only a convention) changes nothing.

use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

/// What a part reader does with the elements and text of one XML part, in document order.
pub(super) trait Visitor {
    /// An element opens; `name` is its local name. Empty elements open and close at once.
    fn open(&mut self, name: &str, element: &BytesStart);
    fn close(&mut self, name: &str);
    /// Character data, entities and character references already resolved.
    fn text(&mut self, text: &str);
}

/// Feeds every element and piece of text of `xml` to `visitor`; fails on malformed XML.
pub(super) fn walk(xml: &str, visitor: &mut impl Visitor) -> Result<(), quick_xml::Error> {
    let mut reader = Reader::from_str(xml);
    loop {
        match reader.read_event()? {
            Event::Start(element) => visitor.open(local_name(element.name().0), &element),
            Event::Empty(element) => {
                let name = local_name(element.name().0);
                visitor.open(name, &element);
                visitor.close(name);
            }
            Event::End(element) => visitor.close(local_name(element.name().0)),
            Event::Text(text) => visitor.text(&text.xml10_content()),
            Event::CData(data) => visitor.text(&data.xml10_content()),
            // quick-xml reports `&amp;` and `&#x4E00;` apart from the text around them. Entities
            // other than the five predefined ones cannot occur: WordprocessingML has no DTD.
            Event::GeneralRef(reference) => {
                if let Some(character) = reference.resolve_char_ref()? {
                    visitor.text(character.encode_utf8(&mut [0; 4]));
                } else if let Some(replacement) = resolve_predefined_entity(&reference) {
                    visitor.text(replacement);
                }
            }
            Event::Eof => return Ok(()),
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
}

/// `w:numId` → `numId`.
pub(super) fn local_name(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

/// The unescaped value of the attribute whose local name is `wanted` (`val` matches `w:val`).
pub(super) fn attribute(element: &BytesStart, wanted: &str) -> Option<String> {
    element
        .attributes()
        .flatten()
        .find(|attribute| local_name(attribute.key.0) == wanted)
        .and_then(|attribute| {
            attribute
                .normalized_value(XmlVersion::Implicit1_0)
                .ok()
                .map(|value| value.into_owned())
        })
}

/// The `w:val` attribute as a number; absent or malformed values are `None`.
pub(super) fn number_value(element: &BytesStart) -> Option<u32> {
    attribute(element, "val").and_then(|value| value.trim().parse().ok())
}

/// On/off properties (`<w:isLgl/>`, `<w:isLgl w:val="0"/>`): present means on unless the value
/// says off.
pub(super) fn is_on(element: &BytesStart) -> bool {
    !matches!(
        attribute(element, "val").as_deref(),
        Some("0" | "false" | "off")
    )
}
