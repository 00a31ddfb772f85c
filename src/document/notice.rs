//! The covering notice's metadata (issuer, doc number, title, recipients, date, disclosure
//! marking) and where the plan itself starts.
//!
//! A notice is read from the structure of its first lines: a doc number line, a title with 关于 that
//! ends in a document kind, a recipients line ending in a colon, a date line. Web junk before it
//! (phone, ICP lines) is skipped. A bare plan has none of this, and every field stays empty.

use std::cell::OnceCell;
use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use regex::Regex;

use super::extract::date::{find_date_ranges_in_view, parse_date};
use super::extract::doc_number::find_doc_number;
use super::joined::Joined;
use super::lines::{Line, content, is_junk, without_spaces};
use super::model::{DateField, DocNumber, Field, Notice};
use crate::per_thread::PerThread;

/// The notice, the plan year, and the index of the first line after the plan title.
pub struct Header {
    pub notice: Notice,
    pub plan_year: Option<i32>,
    pub plan_start: usize,
}

static NOTICE_TITLE: LazyLock<PerThread<Regex>> = LazyLock::new(|| {
    PerThread::regex(concat!(
        r"关于.*(通知|通报|决定|意见|批复|函|报告|公告|通告|请示|解读|说明)$|",
        r"^《[^》]+》.{0,12}(解读|说明|问答)$"
    ))
});
static SIGNATURE: LazyLock<PerThread<Regex>> = LazyLock::new(|| {
    PerThread::regex(
        r"^[^，。；：,;:]{2,30}(政府|办公室|办公厅|委员会|局|厅|委|办|中心|院|署|部|领导小组)$",
    )
});
static PLAN_TITLE: LazyLock<PerThread<Regex>> =
    LazyLock::new(|| PerThread::regex(r"(要点|方案|分解表?|清单|计划|台账|安排|任务表?|一览表)$"));
static YEAR: LazyLock<PerThread<Regex>> = LazyLock::new(|| PerThread::regex(r"(\d{4})年"));
static DATE_LINE: LazyLock<PerThread<Regex>> = LazyLock::new(|| {
    PerThread::regex(
        r"^(\d{4}|[〇○零一二三四五六七八九]{4})年[\d一二三四五六七八九十]{1,3}月[\d一二三四五六七八九十]{1,3}日$",
    )
});
static QUOTED: LazyLock<PerThread<Regex>> = LazyLock::new(|| PerThread::regex(r"《([^《》]+)》"));
/// Whether a line may hold a disclosure marking: [`DISCLOSURE`] is anchored at the start of the
/// content, which starts with a bracket (`（此件…）`) or 公开 once markup and spaces are set aside
/// (a `<p>` tag starts with `<`). A look at the first character spares the other lines the search.
/// A test keeps the two in step.
fn may_mark_disclosure(line: &str) -> bool {
    line.trim_start_matches([' ', '\t', '\u{3000}', '#', '*', '_'])
        .starts_with(['（', '(', '公', '<'])
}
static DISCLOSURE: LazyLock<PerThread<Regex>> = LazyLock::new(|| {
    PerThread::regex(r"^[（(]\s*(此件[^()（）]{1,8})\s*[)）]$|^公开(方式|属性)\s*[:：]\s*(\S.*)$")
});

/// A consultation's end alone: `截止时间为2021年10月15日`, `于11月20日前`, `在2017年5月26日前`.
static PERIOD_END: LazyLock<PerThread<Regex>> = LazyLock::new(|| {
    PerThread::regex(concat!(
        r"(?:截止(?:时间|日期)?(?:为|是|到|至)?\s*[:：]?\s*",
        r"(?P<a>(?:(?P<ya>\d{4})\s*年\s*)?(?P<ma>\d{1,2})\s*月\s*(?P<da>\d{1,2})\s*日))|",
        r"(?:[于在]\s*(?P<b>(?:(?P<yb>\d{4})\s*年\s*)?(?P<mb>\d{1,2})\s*月\s*(?P<db>\d{1,2})\s*日)\s*(?:之|以)?前)"
    ))
});
/// Words of a line that gives a consultation's period, or of the heading above it.
const CONSULTATION_WORDS: [&str; 7] = ["征求", "征集", "意见", "反馈", "公告时间", "公示", "建议"];

/// `附件：name` (or `附件:1.name`): the attachment line of a notice.
static ATTACHMENT: LazyLock<PerThread<Regex>> =
    LazyLock::new(|| PerThread::regex(r"^\s*附\s*件\s*[：:]\s*(.+?)\s*$"));

fn field(content: &Joined) -> Field {
    Field {
        text: without_spaces(content.written()),
        span: content.span(),
    }
}

fn year_of(text: &str) -> Option<i32> {
    YEAR.captures(&without_spaces(text))?
        .get(1)?
        .as_str()
        .parse()
        .ok()
}

fn is_plan_title(text: &str) -> bool {
    let text = without_spaces(text);
    let chars = text.chars().count();
    (4..=60).contains(&chars)
        && PLAN_TITLE.is_match(&text)
        && !text.contains("关于")
        && !text.starts_with("附件")
        && !text.contains('《')
        && !text.contains(['。', '，', '；', ','])
        && super::lines::label_at_start(&text).is_none()
        && (YEAR.is_match(&text) || text.contains("年度") || text.ends_with("要点"))
}

/// The last characters of the words [`PLAN_TITLE`] ends with.
const PLAN_TITLE_ENDS: &str = "点案表解单划账排务";

/// Whether a line, markup and spaces aside, ends with a character a plan title can end with.
fn may_end_plan_title(line: &str) -> bool {
    line.trim_end_matches(|c: char| c.is_whitespace() || "*_#</>pbr".contains(c))
        .ends_with(|c: char| PLAN_TITLE_ENDS.contains(c))
}

/// A line that can only be an issuer's name: short, no punctuation, no digits, not the red-header
/// `…文件` line.
fn is_issuer_line(text: &str) -> bool {
    let text = without_spaces(text);
    (2..=30).contains(&text.chars().count())
        && !text.ends_with("文件")
        && !text.contains(|c: char| c.is_ascii_digit() || "。，；：:,、《》〔〕()（）".contains(c))
}

pub fn read(lines: &[Line]) -> Header {
    // Built when first asked for: the header is read from the lines above the plan's title, and
    // below it only lines that may mark the disclosure.
    let contents: Vec<OnceCell<Joined>> = lines.iter().map(|_| OnceCell::new()).collect();
    let content_of = |index: usize| contents[index].get_or_init(|| content(&lines[index]));
    let text_of = |index: usize| content_of(index).as_str();
    let non_blank = |index: &usize| !content_of(*index).is_empty() && !is_junk(text_of(*index));
    // The last character is looked at first: most lines cannot end a plan title, and the look
    // spares them building their content.
    let plan_title = (0..lines.len())
        .filter(|&i| may_end_plan_title(lines[i].matching))
        .filter(non_blank)
        .find(|&i| is_plan_title(text_of(i)));
    let header_end = plan_title.unwrap_or(lines.len());
    // A long title can wrap onto a second line.
    let candidates: Vec<usize> = (0..header_end).filter(non_blank).take(12).collect();
    let title_lines = candidates.iter().enumerate().find_map(|(k, &first)| {
        let one = without_spaces(text_of(first));
        if NOTICE_TITLE.is_match(&one) {
            return Some((first, first));
        }
        let second = *candidates.get(k + 1)?;
        let two = one.clone() + &without_spaces(text_of(second));
        (one.contains("关于") && NOTICE_TITLE.is_match(&two)).then_some((first, second))
    });
    // GB/T 9704 titles often put the issuer on a line of its own above `关于…的通知`.
    let title_lines = title_lines.map(|(first, last)| {
        let issuer_above = first
            .checked_sub(1)
            .filter(|_| text_of(first).trim_start().starts_with("关于"))
            .filter(|above| non_blank(above) && is_issuer_line(text_of(*above)));
        (issuer_above.unwrap_or(first), last)
    });
    let mut notice = Notice::default();
    if let Some((title, title_end)) = title_lines {
        let mut title_content = content_of(title).clone();
        for line in (title + 1..=title_end).filter(non_blank) {
            title_content.append(content_of(line));
        }
        notice.title = Some(field(&title_content));
        let number_line = (0..header_end)
            .filter(non_blank)
            .take(12)
            .find_map(|i| Some((i, find_doc_number(text_of(i))?)))
            .filter(|(i, found)| {
                // The number stands on its own line (possibly with the issuer), not inside prose.
                let line = text_of(*i);
                found.range.len() * 2 >= line.trim().len() || *i < title
            });
        if let Some((index, found)) = number_line {
            let number = content_of(index).slice(found.range.clone());
            notice.doc_number = Some(DocNumber {
                text: without_spaces(number.written()),
                span: number.span(),
                agency: found.agency,
                year: found.year,
                serial: found.serial,
            });
            let issuer_line = (0..index)
                .rev()
                .find(|&i| non_blank(&i) && !(title..=title_end).contains(&i));
            if let Some(issuer_line) = issuer_line {
                let issuer = content_of(issuer_line);
                let text = issuer.as_str();
                let kept = text.trim_end_matches("文件").len();
                notice.issuer = Some(field(&issuer.slice(0..kept).trimmed()));
            }
        }
        if notice.issuer.is_none()
            && let Some(at) = title_content.as_str().find("关于").filter(|&at| at > 0)
        {
            notice.issuer = Some(field(&title_content.slice(0..at).trimmed()));
        }
        let body = title_end + 1..header_end;
        let recipients_line = body
            .clone()
            .filter(non_blank)
            .take(3)
            .find(|&i| text_of(i).ends_with(['：', ':']) && !text_of(i).starts_with("附件"));
        if let Some(line) = recipients_line {
            let recipients = content_of(line);
            let length = recipients.as_str().len();
            let end = length
                - recipients
                    .as_str()
                    .chars()
                    .next_back()
                    .map_or(0, char::len_utf8);
            notice.recipients = Some(field(&recipients.slice(0..end).trimmed()));
            notice.recipients_colon = Some(field(&recipients.slice(end..length)));
        }
        notice.attachment = body.clone().filter(non_blank).find_map(|i| {
            let caps = ATTACHMENT.captures(text_of(i))?;
            let name = content_of(i).slice(caps.get(1)?.range()).trimmed();
            (!name.is_empty()).then(|| field(&name))
        });
        let date_line = body
            .clone()
            .filter(non_blank)
            .find(|&i| DATE_LINE.is_match(&without_spaces(text_of(i))));
        notice.issue_date = date_line.map(|i| DateField {
            text: content_of(i).written().to_string(),
            span: content_of(i).span(),
            date: parse_date(text_of(i)),
        });
        // Without a header, the issuer signs above the date (落款).
        if notice.issuer.is_none()
            && let Some(date_line) = date_line
            && let Some(signature) = (0..date_line).rev().find(non_blank)
            && SIGNATURE.is_match(&without_spaces(text_of(signature)))
        {
            notice.issuer = Some(field(content_of(signature)));
        }
        notice.quoted_plan_title = body.filter(non_blank).find_map(|i| {
            let caps = QUOTED.captures(text_of(i))?;
            let quoted = caps.get(1)?;
            is_plan_title(quoted.as_str()).then(|| field(&content_of(i).slice(quoted.range())))
        });
    }
    notice.plan_title = plan_title.map(|i| field(content_of(i)));
    notice.disclosure = (0..lines.len())
        .filter(|&i| may_mark_disclosure(lines[i].matching))
        .find_map(|i| {
            let caps = DISCLOSURE.captures(text_of(i))?;
            let marking = caps.get(1).or_else(|| caps.get(3))?;
            Some(field(&content_of(i).slice(marking.range()).trimmed()))
        });
    let (start, end) = consultation(&contents, lines, &notice);
    notice.consultation_start = start;
    notice.consultation_end = end;
    let plan_year = notice
        .plan_title
        .as_ref()
        .and_then(|title| year_of(&title.text))
        .or_else(|| notice.title.as_ref().and_then(|title| year_of(&title.text)))
        .or_else(|| notice.doc_number.as_ref().and_then(|number| number.year));
    Header {
        notice,
        plan_year,
        plan_start: plan_title.map_or(0, |i| i + 1),
    }
}

fn number(captures: &regex::Captures, name: &str) -> Option<u32> {
    captures.name(name)?.as_str().parse().ok()
}

fn date_field(
    content: &Joined,
    range: std::ops::Range<usize>,
    date: Option<NaiveDate>,
) -> DateField {
    let written = content.slice(range);
    DateField {
        text: without_spaces(written.written()),
        span: written.span(),
        date,
    }
}

/// A consultation's first and last days: the first period written on a line that speaks of
/// opinions (or under a heading that does), else the first end date written so.
fn consultation<'a>(
    contents: &'a [OnceCell<Joined>],
    lines: &'a [Line<'a>],
    notice: &Notice,
) -> (Option<DateField>, Option<DateField>) {
    let issue_year = notice
        .issue_date
        .as_ref()
        .and_then(|issued| issued.date)
        .map(|date| date.year());
    // The previous non-blank line, for a period under its heading (`一、征集日期`).
    let mut previous: &str = "";
    for (index, line) in lines.iter().enumerate() {
        if !line.matching.contains('日') {
            if !line.is_blank() {
                previous = line.matching;
            }
            continue;
        }
        let content = contents[index].get_or_init(|| content(line));
        let text = content.as_str();
        let speaks = |text: &str| CONSULTATION_WORDS.iter().any(|word| text.contains(word));
        if !speaks(text) && !speaks(previous) {
            previous = text;
            continue;
        }
        // The shared date reader's periods: any form of date it reads, the end's year or month
        // left out when they are the start's (`2022年9月1日至9月16日`, `二〇二二年九月一日至十六日`).
        if let Some(period) = find_date_ranges_in_view(text).into_iter().next() {
            let (start_range, start) = period.start;
            let (end_range, end) = period.end;
            return (
                Some(date_field(content, start_range, Some(start))),
                Some(date_field(content, end_range, Some(end))),
            );
        }
        if let Some(caps) = PERIOD_END.captures(text) {
            let (whole, year, month, day) = if caps.name("a").is_some() {
                ("a", "ya", "ma", "da")
            } else {
                ("b", "yb", "mb", "db")
            };
            let year = number(&caps, year)
                .and_then(|y| i32::try_from(y).ok())
                .or(issue_year);
            let date = year.and_then(|year| {
                NaiveDate::from_ymd_opt(year, number(&caps, month)?, number(&caps, day)?)
            });
            let range = caps.name(whole).map_or(0..0, |m| m.range());
            return (None, Some(date_field(content, range, date)));
        }
        previous = text;
    }
    (None, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_title_words_end_with_the_listed_characters() {
        for word in [
            "要点",
            "方案",
            "分解",
            "分解表",
            "清单",
            "计划",
            "台账",
            "安排",
            "任务",
            "任务表",
            "一览表",
        ] {
            assert!(PLAN_TITLE.is_match(word), "{word}");
            assert!(may_end_plan_title(&format!("**{word}**  ")), "{word}");
        }
        assert!(!may_end_plan_title("一、推进政务公开。"));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        /// A line the disclosure pattern matches passes `may_mark_disclosure`, or `read` would
        /// skip it.
        #[test]
        fn every_disclosure_marking_passes_the_first_look(
            text in "[ #*]?[（(]? ?(此件|此|公开)?(方式|属性|件)?[:：]? ?(主动公开|依申请公开|不予公开)?[)）]?"
        ) {
            if DISCLOSURE.is_match(&text) {
                proptest::prop_assert!(may_mark_disclosure(&text), "{text:?}");
            }
        }
    }
}
