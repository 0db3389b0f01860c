//! The dossier's recent activity, newest first.

use leptos::prelude::*;

use crate::api::clients::{dossier_timeline, TimelineKind};
use crate::components::section::Section;
use crate::i18n::*;

#[component]
pub fn Timeline(client_id: i32) -> impl IntoView {
    let i18n = use_i18n();
    let items = Resource::new(move || (), move |_| dossier_timeline(client_id));
    let kind = move |kind: TimelineKind| {
        match kind {
            TimelineKind::Report => t_string!(i18n, timeline.report),
            TimelineKind::Appointment => t_string!(i18n, timeline.appointment),
            TimelineKind::Time => t_string!(i18n, timeline.time),
            TimelineKind::Document => t_string!(i18n, timeline.document),
            TimelineKind::Trajectory => t_string!(i18n, timeline.trajectory),
        }
        .to_string()
    };
    view! {
        <Section id="timeline" title=t_string!(i18n, timeline.title).to_string()>
            <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    match items.await {
                        Ok(list) if list.is_empty() => view! { <p class="mt-2 text-slate-600">{t!(i18n, timeline.none)}</p> }.into_any(),
                        Ok(list) => view! {
                            <ol class="mt-3 space-y-2 border-l-2 border-teal-200 pl-4">
                                {list.into_iter().map(|item| view! {
                                    <li>
                                        <p class="text-sm text-slate-600"><time>{item.at.clone()}</time> " · " {kind(item.kind)}</p>
                                        <p>{item.title.clone()} {item.who.clone().map(|w| view! { <span class="text-slate-600">" · " {w}</span> })}</p>
                                    </li>
                                }).collect_view()}
                            </ol>
                        }.into_any(),
                        Err(_) => view! { <p class="mt-2 text-slate-600">{t!(i18n, timeline.none)}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </Section>
    }
}
