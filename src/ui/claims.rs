//! The claim checks: each claim in our words and what the run shows now.

use super::run::{use_run, Run};
use crate::explainer::claim_list::claims_html;
use crate::explainer::verdicts::{verdict, Claim};
use leptos::prelude::*;

#[component]
pub fn ClaimList(#[prop(into)] claims: Signal<&'static [Claim]>) -> impl IntoView {
    let Run {
        session,
        slow_frame,
        ..
    } = use_run();
    let verdicts = move || {
        slow_frame.get();
        let claims = claims.get();
        session.with_value(|s| {
            let report = s.report();
            let now = s.now();
            claims
                .iter()
                .map(|&c| verdict(c, &s.scenario, &report, now))
                .collect::<Vec<_>>()
        })
    };
    view! {
        <section class="claims" aria-label="Claim checks">
            <h3>"What the article says, and what this run shows"</h3>
            <ul inner_html=move || claims_html(&verdicts())></ul>
        </section>
    }
}
