use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::dashboard::dashboard_summary;
use crate::components::errors::LoadError;
use crate::components::form::ITEM_CARD;
use crate::components::labels::{licence_label, role_label};
use crate::components::notices::Notices;
use crate::i18n::*;

/// The home of owners and coaches.
#[component]
pub fn DashboardPage() -> impl IntoView {
    let i18n = use_i18n();
    let summary = Resource::new(|| (), |_| dashboard_summary());
    view! {
        <Title text=t_string!(i18n, dashboard.title).to_string() />
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match summary.await {
                    Ok(s) => {
                        let name = s.your_name.clone();
                        view! {
                            <h1 class="text-2xl font-bold">
                                {t!(i18n, dashboard.welcome, name = name)}
                            </h1>
                            {(s.overdue_requests > 0).then(|| view! {
                                <p role="alert" class="mt-4 rounded-md border border-red-300 bg-red-50 px-3 py-2 text-red-900">
                                    <a class="font-medium underline" href="/privacy/requests">
                                        {t_string!(i18n, privacy.overdue_home).replace("%n%", &s.overdue_requests.to_string())}
                                    </a>
                                </p>
                            })}
                            <dl class="mt-6 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
                                <Stat label=t_string!(i18n, dashboard.organization).to_string() value=s.organization_name.clone() />
                                <Stat label=t_string!(i18n, dashboard.licence).to_string() value=licence_label(i18n, s.licence) />
                                <Stat label=t_string!(i18n, dashboard.you_are).to_string() value=role_label(i18n, s.your_role) />
                                <Stat label=t_string!(i18n, dashboard.owners).to_string() value=s.owners.to_string() />
                                <Stat label=t_string!(i18n, dashboard.coaches).to_string() value=s.coaches.to_string() />
                                <Stat label=t_string!(i18n, dashboard.clients).to_string() value=s.clients.to_string() />
                            </dl>
                            <p class="mt-8 text-slate-600">{t!(i18n, dashboard.next)}</p>
                        }.into_any()
                    }
                    Err(error) => view! { <LoadError error /> }.into_any(),
                }
            })}
        </Suspense>
        // Outside the Suspend above: a component that makes its own resource there would
        // be made again (and load again) when the summary arrives.
        <Notices />
    }
}

#[component]
fn Stat(label: String, value: String) -> impl IntoView {
    view! {
        <div class=ITEM_CARD>
            <dt class="text-sm text-slate-600">{label}</dt>
            <dd class="mt-1 text-lg font-semibold">{value}</dd>
        </div>
    }
}
