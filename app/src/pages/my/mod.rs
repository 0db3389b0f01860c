use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::my::my_home;
use crate::api::trajectories::my_trajectories;
use crate::components::errors::LoadError;
use crate::i18n::*;

/// The home of a client: "my trajectory".
#[component]
pub fn MyHomePage() -> impl IntoView {
    let i18n = use_i18n();
    let home = Resource::new(|| (), |_| my_home());
    let trajectories = Resource::new(|| (), |_| my_trajectories());
    view! {
        <Title text=t_string!(i18n, my.title).to_string() />
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match home.await {
                    Ok(h) => {
                        let name = h.your_name.clone();
                        let organization = h.organization_name.clone();
                        let coaches = h.coaches.clone();
                        view! {
                            <h1 class="text-2xl font-bold">
                                {t!(i18n, my.welcome, name = name)}
                            </h1>
                            <p class="mt-2 text-slate-700">
                                {t!(i18n, my.with, organization = organization)}
                            </p>
                            <section class="mt-6 rounded-lg border border-slate-200 bg-white p-4" aria-labelledby="coaches-heading">
                                <h2 id="coaches-heading" class="font-semibold">{t!(i18n, my.coaches)}</h2>
                                {if coaches.is_empty() {
                                    view! { <p class="mt-2 text-slate-600">{t!(i18n, my.no_coaches)}</p> }.into_any()
                                } else {
                                    view! {
                                        <ul class="mt-2 list-disc pl-5">
                                            {coaches.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}
                                        </ul>
                                    }.into_any()
                                }}
                            </section>
                        }.into_any()
                    }
                    Err(error) => view! { <LoadError error /> }.into_any(),
                }
            })}
        </Suspense>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match trajectories.await {
                    Ok(rows) if rows.is_empty() => view! { <p class="mt-8 text-slate-600">{t!(i18n, my.empty)}</p> }.into_any(),
                    Ok(rows) => view! {
                        <section class="mt-6" aria-labelledby="my-trajectories">
                            <h2 id="my-trajectories" class="text-lg font-semibold">{t!(i18n, my.trajectories)}</h2>
                            <ul class="mt-2 space-y-4">
                                {rows.into_iter().map(|t| view! {
                                    <li class="rounded-lg border border-slate-200 bg-white p-4">
                                        <h3 class="font-semibold">{t.title.clone()}</h3>
                                        <p class="text-sm text-slate-600">{t.coach.clone().unwrap_or_default()}</p>
                                        <ul class="mt-2 list-disc pl-5" aria-label=t_string!(i18n, trajectories.goals)>
                                            {t.goals.into_iter().map(|g| view! {
                                                <li>{g.text} " · " <em>{crate::pages::clients::goal_status_label(i18n, &g.status)}</em></li>
                                            }).collect_view()}
                                        </ul>
                                    </li>
                                }).collect_view()}
                            </ul>
                        </section>
                    }.into_any(),
                    Err(error) => view! { <LoadError error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
