//! Time totals: per coach (a coach sees themselves, an owner everyone) and per client,
//! by week and by month, over the last six months.

use leptos::prelude::*;

use crate::components::form::CARD;
use leptos_meta::Title;

use crate::api::clients::DossierTab;
use crate::api::time::{time_overview, PersonTotalsDto};
use crate::components::errors::LoadError;
use crate::i18n::*;
use crate::pages::clients::Totals;

#[component]
fn People(
    id: &'static str,
    heading: String,
    people: Vec<PersonTotalsDto>,
    link: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class=CARD aria-labelledby=id>
            <h2 id=id class="text-lg font-semibold">{heading}</h2>
            {if people.is_empty() {
                view! { <p class="mt-2 text-slate-600">{t!(i18n, time.none)}</p> }.into_any()
            } else {
                view! {
                    <ul class="mt-2 space-y-4">
                        {people.into_iter().map(|p| view! {
                            <li>
                                <h3 class="font-medium">
                                    {if link {
                                        view! { <a class="text-teal-800 underline" href=DossierTab::Time.path(p.id)>{p.name.clone()}</a> }.into_any()
                                    } else {
                                        view! { <span>{p.name.clone()}</span> }.into_any()
                                    }}
                                </h3>
                                <div class="flex flex-wrap gap-8">
                                    <Totals label=t_string!(i18n, time.per_week).to_string() totals=p.weeks.into_iter().take(8).collect() />
                                    <Totals label=t_string!(i18n, time.per_month).to_string() totals=p.months />
                                </div>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

#[component]
pub fn TimePage() -> impl IntoView {
    let i18n = use_i18n();
    let overview = Resource::new(|| (), |_| time_overview());
    view! {
        <Title text=t_string!(i18n, time.title).to_string() />
        <h1 class="text-2xl font-bold">{t!(i18n, time.title)}</h1>
        <p class="mt-1 text-slate-700">{t!(i18n, time.overview_intro)}</p>
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match overview.await {
                    Ok(o) => view! {
                        <People id="per-coach" heading=t_string!(i18n, time.per_coach).to_string() people=o.coaches link=false />
                        <People id="per-client" heading=t_string!(i18n, time.per_client).to_string() people=o.clients link=true />
                    }.into_any(),
                    Err(error) => view! { <LoadError error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
