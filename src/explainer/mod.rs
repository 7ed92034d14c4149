//! The explainer's pure logic: what the UI shows, computed without any web dependency so that it
//! is tested natively. Components only wire these to signals and draw.

pub mod action_log;
pub mod animation;
pub mod announce;
pub mod break_even;
pub mod cadence;
pub mod chapters;
pub mod charts;
pub mod claim_list;
pub mod comparison;
pub mod decimal;
pub mod embed;
pub mod embed_dialog;
pub mod export;
pub mod format;
pub mod handout;
pub mod keys;
pub mod knobs;
pub mod layout;
pub mod node_text;
pub mod pacing;
pub mod pages;
pub mod picture;
pub mod playground;
pub mod presenter;
pub mod repair;
pub mod series;
pub mod session;
pub mod share;
pub mod text_size;
pub mod timestamp;
pub mod trace_log;
pub mod traffic_import;
pub mod try_buttons;
pub mod verdicts;
pub mod your_traffic;
