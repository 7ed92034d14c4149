//! Share links: the whole view (chapter, every parameter that differs from the chapter's defaults,
//! position in time, speed, paused or playing) in the URL fragment. The scenario part is the same
//! `Scenario` type as everywhere, as a JSON patch against the chapter's default scenario, in
//! base64url. Fragments never reach a server, so a link shares nothing but itself.

use super::chapters::{chapter, Chapter, CHAPTERS};
use super::decimal;
use super::repair;
use crate::engine::scenario::{Scenario, FORMAT_VERSION};
use crate::engine::validation::excerpt;
use serde_json::{Map, Value};

/// What a link restores.
#[derive(Clone, Debug, PartialEq)]
pub struct View {
    pub chapter: &'static Chapter,
    pub scenario: Scenario,
    pub time_s: f64,
    pub log_speed: f64,
    pub playing: bool,
}

/// A chapter's starting scenario in the form the session runs it (validated, normalised), which
/// is what links are encoded against.
fn chapter_default(c: &Chapter) -> Scenario {
    (c.scenario)().sanitised().0
}

/// The parts of `value` that differ from `base`: objects recursively, anything else whole.
fn diff(value: &Value, base: &Value) -> Option<Value> {
    match (value, base) {
        (Value::Object(v), Value::Object(b)) => {
            // Inserted one by one: collecting into the map would compile a sort for it.
            let mut out = Map::new();
            for (k, x) in v {
                let changed = match b.get(k) {
                    Some(y) => diff(x, y),
                    None => Some(x.clone()),
                };
                if let Some(d) = changed {
                    out.insert(k.clone(), d);
                }
            }
            (!out.is_empty()).then_some(Value::Object(out))
        }
        _ => (value != base).then(|| value.clone()),
    }
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

pub fn base64url(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 4 / 3 + 3);
    for chunk in bytes.chunks(3) {
        let n = (chunk[0] as u32) << 16
            | (*chunk.get(1).unwrap_or(&0) as u32) << 8
            | *chunk.get(2).unwrap_or(&0) as u32;
        for i in 0..chunk.len() + 1 {
            out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

pub fn from_base64url(text: &str) -> Result<Vec<u8>, String> {
    let mut bits: u32 = 0;
    let mut count = 0;
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    for (i, c) in text.bytes().enumerate() {
        let v = ALPHABET
            .iter()
            .position(|&a| a == c)
            .ok_or_else(|| format!("character {} ({:?}) is not base64url", i + 1, c as char))?;
        bits = bits << 6 | v as u32;
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
            bits &= (1 << count) - 1;
        }
    }
    if count >= 6 {
        return Err("the encoded scenario is cut short".into());
    }
    Ok(out)
}

/// Links longer than this are not safe to paste everywhere.
pub const MAX_LINK_CHARS: usize = 2000;

/// What to tell the reader about a link of `chars` characters, if it is too long to travel well.
/// An imported traffic series is the usual reason; the scenario file holds it whatever its size.
pub fn long_link_notice(chars: usize, has_series: bool) -> Option<String> {
    (chars > MAX_LINK_CHARS).then(|| {
        let why = if has_series {
            "it carries your whole traffic series. The link still works where it fits; to share the series safely, download the scenario file (\u{201c}Scenario (JSON)\u{201d} below) and load it in the Playground or run it with the headless runner"
        } else {
            "use \u{201c}Scenario (JSON)\u{201d} in the playground to share a scenario this large"
        };
        format!("this link is {chars} characters long, and some sites cut links over {MAX_LINK_CHARS}: {why}")
    })
}

/// What `scenario` changes in the chapter's own, as JSON text; None if nothing.
pub fn scenario_changes(chapter: &Chapter, scenario: &Scenario) -> Option<String> {
    let base = serde_json::to_value(chapter_default(chapter)).unwrap_or(Value::Null);
    let now = serde_json::to_value(scenario).unwrap_or(Value::Null);
    diff(&now, &base).map(|patch| patch.to_string())
}

/// What `scenario` changes in the chapter's own, encoded for a link's `s=`; None if nothing.
pub fn scenario_patch(chapter: &Chapter, scenario: &Scenario) -> Option<String> {
    scenario_changes(chapter, scenario).map(|text| base64url(text.as_bytes()))
}

/// The fragment (without '#') for a view.
pub fn encode(view: &View) -> String {
    let mut parts = vec![
        format!("f={FORMAT_VERSION}"),
        format!("c={}", view.chapter.id),
    ];
    if let Some(patch) = scenario_patch(view.chapter, &view.scenario) {
        parts.push(format!("s={patch}"));
    }
    parts.push(format!("t={:.1}", view.time_s));
    parts.push(format!("v={:.2}", view.log_speed));
    if !view.playing {
        parts.push("p=0".into());
    }
    parts.join("&")
}

/// Reads a fragment. Whatever is wrong is described in the messages and falls back to the
/// default; the rest is used. Text from the URL is only ever parsed, never shown as HTML.
pub fn decode(fragment: &str) -> (View, Vec<String>) {
    let mut problems = Vec::new();
    let mut view = View {
        chapter: &CHAPTERS[0],
        scenario: chapter_default(&CHAPTERS[0]),
        time_s: 0.0,
        log_speed: 0.0,
        playing: true,
    };
    let mut patch: Option<&str> = None;
    let fragment = fragment.trim_start_matches('#');
    if !fragment.is_empty() && fragment.split('&').all(str::is_empty) {
        problems.push(format!(
            "the link's \"{}\" holds no settings",
            excerpt(fragment)
        ));
    }
    for pair in fragment.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        match key {
            "f" => {
                if value != FORMAT_VERSION.to_string() {
                    problems.push(format!("link format \"{}\" is not supported (this version reads {FORMAT_VERSION}); its settings were not used", excerpt(value)));
                    return (view, problems);
                }
            }
            "c" => match chapter(value) {
                Some(c) => view.chapter = c,
                None => problems.push(format!(
                    "chapter \"{}\" does not exist; use one of {}",
                    excerpt(value),
                    CHAPTERS.iter().map(|c| c.id).collect::<Vec<_>>().join(", ")
                )),
            },
            "s" => patch = Some(value),
            "t" => match decimal::read(value) {
                Some(t) if t.is_finite() && t >= 0.0 => view.time_s = t,
                _ => problems.push(format!(
                    "time \"{}\" is not a number of seconds from 0",
                    excerpt(value)
                )),
            },
            "v" => match decimal::read(value) {
                Some(v) if (-1.0..=3.5).contains(&v) => view.log_speed = v,
                _ => problems.push(format!(
                    "speed \"{}\" is not allowed; use a power of ten from -1 to 3.5",
                    excerpt(value)
                )),
            },
            "p" => view.playing = value != "0",
            _ => problems.push(format!(
                "\"{}\" is not a link setting; it was ignored",
                excerpt(key)
            )),
        }
    }
    view.scenario = chapter_default(view.chapter);
    if let Some(encoded) = patch {
        match apply_patch(&view.scenario, encoded) {
            Ok((scenario, errors)) => {
                view.scenario = scenario;
                problems.extend(errors);
            }
            Err(e) => problems.push(format!(
                "the scenario in the link could not be read ({e}); the chapter's defaults are used"
            )),
        }
    }
    if view.time_s > view.scenario.duration_s {
        problems.push(format!(
            "time {} s is past the end of the run ({} s); the view starts at the end",
            view.time_s, view.scenario.duration_s
        ));
        view.time_s = view.scenario.duration_s;
    }
    (view, problems)
}

/// The chapter's scenario with the link's patch laid over it: each part that does not fit the
/// scenario format is named and keeps the chapter's value; invalid values are repaired.
fn apply_patch(base: &Scenario, encoded: &str) -> Result<(Scenario, Vec<String>), String> {
    if encoded.len() > 8000 {
        return Err(format!(
            "it is {} characters long; a link's scenario is at most 8000",
            encoded.len()
        ));
    }
    let bytes = from_base64url(encoded)?;
    let text = String::from_utf8(bytes).map_err(|_| "it is not text".to_string())?;
    let patch: Value = serde_json::from_str(&text).map_err(|e| format!("not JSON: {e}"))?;
    let (scenario, problems) = repair::overlay(base, &patch)?;
    Ok((scenario, problems.iter().map(|e| e.to_string()).collect()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::explainer::chapters::TryAction;

    fn view(id: &str) -> View {
        let c = chapter(id).unwrap();
        View {
            chapter: c,
            scenario: chapter_default(c),
            time_s: 123.4,
            log_speed: 1.5,
            playing: false,
        }
    }

    #[test]
    fn a_long_link_says_why_and_where_the_series_goes() {
        assert_eq!(long_link_notice(MAX_LINK_CHARS, true), None);
        let series = long_link_notice(MAX_LINK_CHARS + 1, true).unwrap();
        assert!(
            series.contains("2001 characters")
                && series.contains("your whole traffic series")
                && series.contains("scenario file"),
            "{series}"
        );
        let other = long_link_notice(5000, false).unwrap();
        assert!(!other.contains("traffic series"), "{other}");
    }

    #[test]
    fn base64url_round_trips_every_length() {
        for n in 0..40 {
            let bytes: Vec<u8> = (0..n).map(|i| (i * 37 + 11) as u8).collect();
            assert_eq!(from_base64url(&base64url(&bytes)).unwrap(), bytes);
        }
        assert!(from_base64url("ab$c").unwrap_err().contains("character 3"));
    }

    #[test]
    fn a_link_restores_the_view_and_encodes_only_what_changed() {
        let mut v = view("serverless");
        let plain = encode(&v);
        assert!(!plain.contains("s="), "defaults need no scenario: {plain}");
        TryAction::Spike(400).apply(&mut v.scenario, 50.0);
        v.scenario.serverless.memory_mb = 2048.0;
        let link = encode(&v);
        assert!(link.len() < 400, "{} characters: {link}", link.len());
        let (back, problems) = decode(&link);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(back, v);
    }

    #[test]
    fn links_the_ui_can_make_stay_short() {
        // Every chapter with every action applied, plus a few edits.
        for c in CHAPTERS {
            let mut v = view(c.id);
            for (i, a) in c.actions.iter().enumerate() {
                a.apply(&mut v.scenario, 100.0 * i as f64);
            }
            v.scenario.seed = 987_654_321;
            v.scenario.workload.rate_per_s = 123.0;
            let link = encode(&v);
            assert!(link.len() < 2000, "{}: {} characters", c.id, link.len());
        }
    }

    #[test]
    fn bad_parts_are_named_and_the_rest_is_used() {
        let (v, problems) = decode("c=nowhere&t=abc&v=9&zz=1&p=0");
        assert_eq!(v.chapter.id, "monolith");
        assert!(!v.playing, "the good part is kept");
        assert_eq!(problems.len(), 4, "{problems:?}");
        assert!(problems[0].contains("chapter \"nowhere\""));
        let patch = base64url(br#"{"duration_s": -4, "monolith": {"workers": "many"}, "workload": {"rate_per_s": 7}}"#);
        let (v, problems) = decode(&format!("c=monolith&s={patch}"));
        assert_eq!(v.scenario.workload.rate_per_s, 7.0);
        assert_eq!(v.scenario.monolith.workers, 16);
        assert!(
            problems
                .iter()
                .any(|p| p.starts_with("monolith.workers: invalid type")),
            "{problems:?}"
        );
        assert!(
            problems.iter().any(|p| p.starts_with("duration_s: -4")),
            "{problems:?}"
        );
        let (_, problems) = decode("f=99&c=serverless");
        assert!(problems[0].contains("format \"99\""));
        let (_, problems) = decode("s=%%%");
        assert!(problems[0].contains("could not be read"));
        let (_, problems) = decode("&&&");
        assert!(problems[0].contains("holds no settings"), "{problems:?}");
        let (v, problems) = decode("c=monolith&t=99999999");
        assert_eq!(v.time_s, v.scenario.duration_s);
        assert!(problems[0].contains("past the end"), "{problems:?}");
        assert!(decode("").1.is_empty(), "no link, nothing to report");
    }
}
