//! `word/styles.xml`: which paragraph styles are headings, and which carry list numbering.
//!
//! Heading levels come from a style's outline level (`w:outlineLvl`, 0-based, 9 = body text), else
//! from its name (`heading 1`, `Heading1`, the localized `标题 1`), else from the style it is based
//! on. Table-of-contents styles (`toc 1`, `目录 1`) are recognised by name too: a table of contents
//! repeats the headings with page numbers, and read as text it would give every part twice. Word links heading styles to multi-level lists through the style's own `w:numPr`, so the
//! numbering of a heading is often in the style rather than in the paragraph.

use std::collections::HashMap;

use quick_xml::events::BytesStart;

use super::xml::{self, Visitor};

/// Word's outline level for body text; levels 0–8 are headings 1–9.
const BODY_TEXT_OUTLINE_LEVEL: u32 = 9;

/// `basedOn` chains longer than this are treated as cycles (a damaged file can loop).
const MAX_STYLE_CHAIN: usize = 32;

/// A paragraph's list membership as written (in the paragraph or its style); either half may be
/// missing and is then taken from the style.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct NumberingReference {
    pub num_id: Option<u32>,
    pub level: Option<u32>,
}

/// The paragraph properties wenshen reads, from a paragraph's or a style's `w:pPr`.
#[derive(Debug, Clone, Default)]
pub(super) struct ParagraphProperties {
    pub style_id: Option<String>,
    pub outline_level: Option<u32>,
    pub numbering: NumberingReference,
}

impl ParagraphProperties {
    /// Takes what an element directly inside `w:pPr` (or its `w:numPr`) says.
    pub(super) fn read(&mut self, name: &str, element: &BytesStart) {
        match name {
            "pStyle" => self.style_id = xml::attribute(element, "val"),
            "outlineLvl" => self.outline_level = xml::number_value(element),
            "numId" => self.numbering.num_id = xml::number_value(element),
            "ilvl" => self.numbering.level = xml::number_value(element),
            _ => {}
        }
    }
}

#[derive(Debug, Clone, Default)]
struct Style {
    name: Option<String>,
    based_on: Option<String>,
    properties: ParagraphProperties,
}

/// The paragraph styles of a document, by style id.
#[derive(Debug, Default)]
pub(super) struct Styles {
    by_id: HashMap<String, Style>,
}

impl Styles {
    pub(super) fn parse(xml: &str) -> Result<Styles, quick_xml::Error> {
        let mut reader = StylesReader::default();
        xml::walk(xml, &mut reader)?;
        Ok(reader.styles)
    }

    /// The heading level (1 = top) of paragraphs in style `style_id`, `None` for body text.
    pub(super) fn heading_level(&self, style_id: &str) -> Option<u32> {
        let mut id = style_id;
        for _ in 0..MAX_STYLE_CHAIN {
            let Some(style) = self.by_id.get(id) else {
                // Some generators write `Heading1` paragraphs without a styles part.
                return level_in_name(id, HEADING_NAMES);
            };
            if let Some(level) = style.properties.outline_level {
                return outline_to_heading(level);
            }
            if let Some(level) = style
                .name
                .as_deref()
                .and_then(|name| level_in_name(name, HEADING_NAMES))
            {
                return Some(level);
            }
            id = style.based_on.as_deref()?;
        }
        None
    }

    /// Whether paragraphs in style `style_id` are table-of-contents entries.
    pub(super) fn is_table_of_contents(&self, style_id: &str) -> bool {
        let name = self
            .by_id
            .get(style_id)
            .and_then(|style| style.name.as_deref())
            .unwrap_or(style_id);
        level_in_name(name, TABLE_OF_CONTENTS_NAMES).is_some()
    }

    /// The list numbering paragraphs in style `style_id` get from the style (or its ancestors).
    pub(super) fn numbering(&self, style_id: &str) -> NumberingReference {
        let mut found = NumberingReference::default();
        let mut id = style_id;
        for _ in 0..MAX_STYLE_CHAIN {
            let Some(style) = self.by_id.get(id) else {
                break;
            };
            found.num_id = found.num_id.or(style.properties.numbering.num_id);
            found.level = found.level.or(style.properties.numbering.level);
            match style.based_on.as_deref() {
                Some(parent) if found.num_id.is_none() || found.level.is_none() => id = parent,
                _ => break,
            }
        }
        found
    }
}

/// A paragraph's outline level (0-based) as a heading level (1-based); 9 and above are body text.
pub(super) fn outline_to_heading(outline_level: u32) -> Option<u32> {
    (outline_level < BODY_TEXT_OUTLINE_LEVEL).then_some(outline_level + 1)
}

/// Word stores built-in style names in English whatever the interface language (`heading 1`,
/// `toc 1`), but documents from localized tools carry the Chinese names, and style ids drop the space
/// (`Heading1`, `TOC1`).
const HEADING_NAMES: &[&str] = &["heading", "标题"];
const TABLE_OF_CONTENTS_NAMES: &[&str] = &["toc", "目录"];

/// The level 1–9 in a style name made of one of `prefixes` and a number: `heading 1`, `Heading1`,
/// `标题 1` → 1 for the heading prefixes.
fn level_in_name(name: &str, prefixes: &[&str]) -> Option<u32> {
    let trimmed = name.trim();
    let rest = prefixes.iter().find_map(|prefix| {
        let head = trimmed.get(..prefix.len())?;
        head.eq_ignore_ascii_case(prefix)
            .then(|| trimmed.get(prefix.len()..))
            .flatten()
    })?;
    let level: u32 = rest.trim().parse().ok()?;
    (1..=9).contains(&level).then_some(level)
}

#[derive(Default)]
struct StylesReader {
    styles: Styles,
    /// The style being read: its id and what it says so far.
    current: Option<(String, Style)>,
    in_paragraph_properties: bool,
    /// Depth inside a revision record (`w:pPrChange`), whose old properties no longer apply.
    revision_depth: usize,
}

impl Visitor for StylesReader {
    fn open(&mut self, name: &str, element: &BytesStart) {
        if self.revision_depth > 0 || name == "pPrChange" {
            self.revision_depth += 1;
            return;
        }
        match name {
            "style" => {
                let is_paragraph_style = xml::attribute(element, "type")
                    .is_none_or(|style_type| style_type == "paragraph");
                self.current = xml::attribute(element, "styleId")
                    .filter(|_| is_paragraph_style)
                    .map(|id| (id, Style::default()));
            }
            "pPr" => self.in_paragraph_properties = true,
            _ => {
                let Some((_, style)) = self.current.as_mut() else {
                    return;
                };
                match name {
                    "name" => style.name = xml::attribute(element, "val"),
                    "basedOn" => style.based_on = xml::attribute(element, "val"),
                    _ if self.in_paragraph_properties => style.properties.read(name, element),
                    _ => {}
                }
            }
        }
    }

    fn close(&mut self, name: &str) {
        if self.revision_depth > 0 {
            self.revision_depth -= 1;
            return;
        }
        match name {
            "pPr" => self.in_paragraph_properties = false,
            "style" => {
                if let Some((id, style)) = self.current.take() {
                    self.styles.by_id.insert(id, style);
                }
            }
            _ => {}
        }
    }

    fn text(&mut self, _text: &str) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    const STYLES: &str = r#"<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
      <w:style w:type="paragraph" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
      <w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/>
        <w:pPr><w:numPr><w:numId w:val="3"/></w:numPr><w:outlineLvl w:val="0"/>
          <w:pPrChange><w:pPr><w:outlineLvl w:val="5"/></w:pPr></w:pPrChange></w:pPr></w:style>
      <w:style w:type="paragraph" w:styleId="Part"><w:name w:val="部分标题"/><w:basedOn w:val="1"/></w:style>
      <w:style w:type="paragraph" w:styleId="a5"><w:name w:val="标题 2"/></w:style>
      <w:style w:type="paragraph" w:styleId="Body"><w:name w:val="Body"/>
        <w:pPr><w:outlineLvl w:val="9"/></w:pPr></w:style>
      <w:style w:type="paragraph" w:styleId="Loop"><w:basedOn w:val="Loop"/></w:style>
      <w:style w:type="character" w:styleId="Heading3Char"><w:name w:val="heading 3 Char"/></w:style>
      <w:style w:type="paragraph" w:styleId="10"><w:name w:val="toc 1"/></w:style>
      <w:style w:type="paragraph" w:styleId="a7"><w:name w:val="目录 2"/></w:style>
    </w:styles>"#;

    #[test]
    fn heading_levels_come_from_outline_level_name_or_ancestor() {
        let styles = Styles::parse(STYLES).expect("valid XML");
        let levels: Vec<Option<u32>> = ["1", "Part", "a5", "Body", "Normal", "Loop", "Heading4"]
            .iter()
            .map(|id| styles.heading_level(id))
            .collect();
        assert_eq!(
            levels,
            [Some(1), Some(1), Some(2), None, None, None, Some(4)]
        );
    }

    #[test]
    fn table_of_contents_styles_are_known_by_name_or_id() {
        let styles = Styles::parse(STYLES).expect("valid XML");
        let contents: Vec<bool> = ["10", "a7", "TOC3", "1", "Normal", "tocsin"]
            .iter()
            .map(|id| styles.is_table_of_contents(id))
            .collect();
        assert_eq!(contents, [true, true, true, false, false, false]);
    }

    #[test]
    fn numbering_is_inherited_through_based_on() {
        let styles = Styles::parse(STYLES).expect("valid XML");
        assert_eq!(
            styles.numbering("Part"),
            NumberingReference {
                num_id: Some(3),
                level: None
            }
        );
        assert_eq!(styles.numbering("Body"), NumberingReference::default());
    }
}
