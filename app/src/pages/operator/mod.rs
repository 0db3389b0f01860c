use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::operator::list_organizations;
use crate::components::errors::LoadError;
use crate::components::labels::{licence_label, status_label};
use crate::i18n::*;

/// The operator's console: organizations and seats, never dossier content.
#[component]
pub fn OperatorPage() -> impl IntoView {
    let i18n = use_i18n();
    let organizations = Resource::new(|| (), |_| list_organizations());
    view! {
        <Title text=t_string!(i18n, operator.title).to_string() />
        <h1 class="text-2xl font-bold">{t!(i18n, operator.title)}</h1>
        <p class="mt-2 text-sm text-slate-600">{t!(i18n, operator.no_content)}</p>
        <a class="mt-2 inline-block text-teal-800 underline" href="/operator/outbox">{t!(i18n, operator.outbox_link)}</a>
        <h2 class="mt-6 text-lg font-semibold">{t!(i18n, operator.organizations)}</h2>
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match organizations.await {
                    Ok(rows) if rows.is_empty() => view! { <p class="mt-2">{t!(i18n, operator.none)}</p> }.into_any(),
                    Ok(rows) => view! {
                        <div class="mt-2 overflow-x-auto">
                            <table class="min-w-full border-collapse bg-white text-left text-sm">
                                <thead class="border-b border-slate-300">
                                    <tr>
                                        <th scope="col" class="px-3 py-2">{t!(i18n, operator.name)}</th>
                                        <th scope="col" class="px-3 py-2">{t!(i18n, operator.licence)}</th>
                                        <th scope="col" class="px-3 py-2">{t!(i18n, operator.status)}</th>
                                        <th scope="col" class="px-3 py-2">{t!(i18n, operator.coaches)}</th>
                                        <th scope="col" class="px-3 py-2">{t!(i18n, operator.clients)}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {rows.into_iter().map(|row| view! {
                                        <tr class="border-b border-slate-200">
                                            <td class="px-3 py-2">{row.name}</td>
                                            <td class="px-3 py-2">{licence_label(i18n, &row.licence)}</td>
                                            <td class="px-3 py-2">{status_label(i18n, &row.status)}</td>
                                            <td class="px-3 py-2">{row.coaches}</td>
                                            <td class="px-3 py-2">{row.clients}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any(),
                    Err(error) => view! { <LoadError error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// Mail kept locally because no SMTP server is configured.
#[component]
pub fn OutboxPage() -> impl IntoView {
    let i18n = use_i18n();
    let mails = Resource::new(|| (), |_| crate::api::operator::operator_outbox());
    view! {
        <Title text=t_string!(i18n, operator.outbox).to_string() />
        <h1 class="text-2xl font-bold">{t!(i18n, operator.outbox)}</h1>
        <p class="mt-2 text-sm text-slate-600">{t!(i18n, operator.outbox_intro)}</p>
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match mails.await {
                    Ok(mails) if mails.is_empty() => view! { <p class="mt-4">{t!(i18n, operator.outbox_empty)}</p> }.into_any(),
                    Ok(mails) => view! {
                        <ul class="mt-4 space-y-4">
                            {mails.into_iter().map(|mail| view! {
                                <li class="rounded-lg border border-slate-200 bg-white p-4">
                                    <article aria-label=mail.subject.clone()>
                                        <p class="text-sm text-slate-600">{mail.created_at} " · " {mail.to}</p>
                                        <h2 class="font-semibold">{mail.subject.clone()}</h2>
                                        <pre class="mt-2 whitespace-pre-wrap break-words font-sans text-sm">{mail.body}</pre>
                                    </article>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(error) => view! { <LoadError error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
