//! The stage's diagrams: side by side when each gets its width, otherwise one at a time, with
//! every architecture as a live thumbnail to choose from (`explainer::picture::stage_plan`).

use super::diagram::{picture_of, Diagram};
use super::observed_size::{observed, Side};
use super::run::use_run;
use crate::engine::scenario::Architecture;
use crate::explainer::picture::{shapes_svg, stage_plan, THUMBNAIL_PX, THUMBNAIL_TEXT_PX};
use leptos::prelude::*;

#[component]
pub fn Diagrams(
    #[prop(into)] archs: Signal<Vec<Architecture>>,
    #[prop(into)] text_px: Signal<f64>,
    #[prop(into)] speed: Signal<f64>,
    #[prop(into)] highlight: Signal<Option<&'static str>>,
    /// A compact embed or the projector's stage: the diagram fits the stage's height.
    #[prop(into)]
    fit: Signal<bool>,
) -> impl IntoView {
    let run = use_run();
    let session = run.session;
    let stage = NodeRef::<leptos::html::Div>::new();
    let width = observed(stage, Side::Width);
    let height = observed(stage, Side::Height);
    let room = Signal::derive(move || fit.get().then(|| height.get()));
    let chosen = RwSignal::new(None::<Architecture>);
    let plan = Memo::new(move |_| stage_plan(width.get(), &archs.get(), chosen.get()));
    // A thumbnail is the diagram's shapes and dots, small and without text; its name is beside it.
    // It is redrawn with the charts, twice a second and not during a jump: every frame, the
    // thumbnails would add a picture per architecture to the frame's work.
    let thumbnail = move |arch| {
        run.slow_frame.get();
        picture_of(session, arch, THUMBNAIL_PX, THUMBNAIL_TEXT_PX, speed.get_untracked())
            .map(|p| {
                let (w, h) = (p.layout.width, p.layout.height);
                view! { <svg class="thumbnail" viewBox=format!("0 0 {w:.0} {h:.0}") aria-hidden="true" inner_html=shapes_svg(&p, None)></svg> }
            })
    };
    // The choice sits above the diagrams, apart from them: on a phone the diagram alone stays in
    // view while the stage's buttons are used (the stylesheet makes `.diagrams` sticky).
    view! {
        <div class="arch-choice" role="group" aria-label="Architecture shown" hidden=move || plan.with(|p| p.choices.is_empty())>
            {move || plan.with(|p| p.choices.clone()).into_iter().map(|arch| view! {
                <button class="arch-thumb" data-arch=arch.key() aria-pressed=move || plan.with(|p| p.shown.contains(&arch)).to_string()
                    on:click=move |_| chosen.set(Some(arch))>
                    {move || thumbnail(arch)}
                    <span>{arch.title()}</span>
                </button>
            }).collect_view()}
        </div>
        <div class="diagrams" class:multi=move || plan.with(|p| p.shown.len() > 1) node_ref=stage>
            {move || plan.with(|p| p.shown.clone()).into_iter().map(|arch| view! {
                <Diagram arch=arch text_px=text_px speed=speed highlight=highlight room=room />
            }).collect_view()}
        </div>
    }
}
