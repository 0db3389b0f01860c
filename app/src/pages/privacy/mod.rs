//! The person's rights, for the organization's owners: the register of privacy requests.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::privacy::{
    privacy_requests, retention, ClosePrivacyRequest, CreatePrivacyRequest, EraseDue,
    ErasureReason, RequestKind, RequestRow, RequestStatus, RetentionPage, SetRetention,
};
use crate::components::errors::{action_error, banner_error, FieldError, FormError, LoadError};
use crate::components::form::{CARD, INPUT, ITEM_CARD, PRIMARY_BUTTON, SMALL_BUTTON};
use crate::error::AppError;
use crate::i18n::*;

const NOTICE: &str = "mt-4 rounded-md bg-teal-50 px-3 py-2 text-sm text-teal-900";

pub(crate) fn kind_label(i18n: leptos_i18n::I18nContext<Locale>, kind: RequestKind) -> String {
    match kind {
        RequestKind::Access => t_string!(i18n, privacy.kind_access),
        RequestKind::Rectification => t_string!(i18n, privacy.kind_rectification),
        RequestKind::Erasure => t_string!(i18n, privacy.kind_erasure),
        RequestKind::Portability => t_string!(i18n, privacy.kind_portability),
        RequestKind::Restriction => t_string!(i18n, privacy.kind_restriction),
        RequestKind::Objection => t_string!(i18n, privacy.kind_objection),
        RequestKind::ConsentWithdrawal => t_string!(i18n, privacy.kind_consent_withdrawal),
    }
    .to_string()
}

fn status_label(i18n: leptos_i18n::I18nContext<Locale>, status: RequestStatus) -> String {
    match status {
        RequestStatus::Open => t_string!(i18n, privacy.status_open),
        RequestStatus::Done => t_string!(i18n, privacy.status_done),
        RequestStatus::Refused => t_string!(i18n, privacy.status_refused),
    }
    .to_string()
}

/// The register: a new request at the top, then the open ones (the most urgent first, a
/// late one marked), then the closed ones.
#[component]
pub fn PrivacyRequestsPage() -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreatePrivacyRequest>::new();
    let close = ServerAction::<ClosePrivacyRequest>::new();
    let page = Resource::new(
        move || (create.version().get(), close.version().get()),
        |_| privacy_requests(),
    );
    let query = use_query_map();
    let saved = move |what: &'static str| query.with(|q| q.get("saved").as_deref() == Some(what));
    let created = move || create.value().get().is_some_and(|r| r.is_ok()) || saved("created");
    let closed = move || close.value().get().is_some_and(|r| r.is_ok()) || saved("closed");
    let create_error = action_error(create);
    // Which request's form was sent last: its message shows under it, not under every one.
    let last = RwSignal::new(None::<i32>);
    Effect::new(move || {
        if let Some(input) = close.input().get() {
            last.set(Some(input.id));
        }
    });
    let close_error = action_error(close);
    view! {
        <Title text=t_string!(i18n, privacy.title).to_string() />
        <h1 class="text-2xl font-bold">{t!(i18n, privacy.title)}</h1>
        <p class="mt-2 text-slate-700">{t!(i18n, privacy.intro)}</p>
        <Show when=created>
            <p role="status" class=NOTICE>{t!(i18n, privacy.created)}</p>
        </Show>
        <Show when=closed>
            <p role="status" class=NOTICE>{t!(i18n, privacy.closed)}</p>
        </Show>
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => {
                        let rows = page.rows;
                        view! {
                            <section class=CARD aria-labelledby="new-request">
                                <h2 id="new-request" class="text-lg font-semibold">{t!(i18n, privacy.new)}</h2>
                                <ActionForm action=create attr:class="mt-3 grid gap-3 sm:grid-cols-2" attr:novalidate="true">
                                    <div class="sm:col-span-2"><FormError error=banner_error(create_error) /></div>
                                    <div>
                                        <label for="request-kind" class="block font-medium">{t!(i18n, privacy.kind)}</label>
                                        <select id="request-kind" name="input[kind]" class=INPUT aria-describedby="request-kind-error">
                                            <option value="">{t!(i18n, privacy.choose)}</option>
                                            {RequestKind::ALL.iter().map(|k| view! {
                                                <option value=k.as_str()>{kind_label(i18n, *k)}</option>
                                            }).collect_view()}
                                        </select>
                                        <FieldError error=create_error field="kind" id="request-kind-error" />
                                    </div>
                                    <div>
                                        <label for="request-received" class="block font-medium">{t!(i18n, privacy.received)}</label>
                                        <input id="request-received" name="input[received_on]" type="date" class=INPUT value=page.today.clone() max=page.today.clone() aria-describedby="request-received-error" />
                                        <FieldError error=create_error field="received_on" id="request-received-error" />
                                    </div>
                                    <div>
                                        <label for="request-person" class="block font-medium">{t!(i18n, privacy.person)}</label>
                                        <input id="request-person" name="input[person]" type="text" autocomplete="off" class=INPUT aria-describedby="request-person-error" />
                                        <FieldError error=create_error field="person" id="request-person-error" />
                                    </div>
                                    <div>
                                        <label for="request-dossier" class="block font-medium">{t!(i18n, privacy.dossier)}</label>
                                        <select id="request-dossier" name="input[client_id]" class=INPUT aria-describedby="request-dossier-error">
                                            <option value="">{t!(i18n, privacy.no_dossier)}</option>
                                            {page.dossiers.iter().map(|d| view! {
                                                <option value=d.id.to_string()>{d.name.clone()}</option>
                                            }).collect_view()}
                                        </select>
                                        <FieldError error=create_error field="client_id" id="request-dossier-error" />
                                    </div>
                                    <p class="text-sm text-slate-600 sm:col-span-2">{t!(i18n, privacy.deadline_rule)}</p>
                                    <div class="sm:col-span-2">
                                        <button type="submit" class=PRIMARY_BUTTON>{t!(i18n, privacy.create)}</button>
                                    </div>
                                </ActionForm>
                            </section>
                            <section class=CARD aria-labelledby="register">
                                <h2 id="register" class="text-lg font-semibold">{t!(i18n, privacy.register)}</h2>
                                {if rows.is_empty() {
                                    view! { <p class="mt-2 text-slate-700">{t!(i18n, privacy.none)}</p> }.into_any()
                                } else {
                                    view! {
                                        <ul class="mt-3 space-y-3">
                                            {rows.into_iter().map(|row| {
                                                let id = row.id;
                                                let error = Signal::derive(move || {
                                                    let mine = last.get().is_none_or(|l| l == id);
                                                    close_error.get().filter(|_| mine)
                                                });
                                                view! { <Request row close error /> }
                                            }).collect_view()}
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
        <Retention />
    }
}

/// The retention period, the dossiers past it (erased together after a tick), and the
/// record of erasures.
#[component]
fn Retention() -> impl IntoView {
    let set = ServerAction::<SetRetention>::new();
    let erase = ServerAction::<EraseDue>::new();
    let page = Resource::new(
        move || (set.version().get(), erase.version().get()),
        |_| retention(),
    );
    let query = use_query_map();
    let saved = move |what: &'static str| query.with(|q| q.get("saved").as_deref() == Some(what));
    let stored = move || set.value().get().is_some_and(|r| r.is_ok()) || saved("retention");
    let erased = move || erase.value().get().is_some_and(|r| r.is_ok()) || saved("erased");
    let set_error = action_error(set);
    let erase_error = action_error(erase);
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => view! { <RetentionSections page set erase set_error erase_error stored=Signal::derive(stored) erased=Signal::derive(erased) /> }.into_any(),
                    Err(error) => view! { <LoadError error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn RetentionSections(
    page: RetentionPage,
    set: ServerAction<SetRetention>,
    erase: ServerAction<EraseDue>,
    set_error: Signal<Option<AppError>>,
    erase_error: Signal<Option<AppError>>,
    stored: Signal<bool>,
    erased: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let reason = move |r: ErasureReason| match r {
        ErasureReason::Request => t_string!(i18n, retention.reason_request).to_string(),
        ErasureReason::Retention => t_string!(i18n, retention.reason_retention).to_string(),
    };
    let due = page.due;
    let erasures = page.erasures;
    view! {
        <section id="retention" class=CARD aria-labelledby="retention-heading">
            <h2 id="retention-heading" class="text-lg font-semibold">{t!(i18n, retention.title)}</h2>
            <p class="mt-1 text-slate-700">{t!(i18n, retention.intro)}</p>
            <Show when=move || stored.get()>
                <p role="status" class=NOTICE>{t!(i18n, retention.saved)}</p>
            </Show>
            <ActionForm action=set attr:class="mt-3 flex flex-wrap items-end gap-3" attr:novalidate="true">
                <div>
                    <label for="retention-months" class="block font-medium">{t!(i18n, retention.months)}</label>
                    <input id="retention-months" name="months" type="number" min="1" max="120" inputmode="numeric" class=INPUT value=page.months.to_string() aria-describedby="retention-months-error" />
                    <FieldError error=set_error field="months" id="retention-months-error" />
                </div>
                <button type="submit" class=SMALL_BUTTON>{t!(i18n, retention.save)}</button>
            </ActionForm>
            <FormError error=banner_error(set_error) />
            <h3 class="mt-6 font-semibold">{t!(i18n, retention.due_title)}</h3>
            <Show when=move || erased.get()>
                <p role="status" class=NOTICE>{t!(i18n, retention.erased)}</p>
            </Show>
            {if due.is_empty() {
                view! { <p class="mt-2 text-slate-700">{t!(i18n, retention.due_none)}</p> }.into_any()
            } else {
                view! {
                    <div class="mt-2 overflow-x-auto">
                        <table class="min-w-full text-left text-sm" data-testid="retention-due">
                            <thead>
                                <tr class="border-b border-slate-200">
                                    <th scope="col" class="py-2 pr-3">{t!(i18n, retention.due_client)}</th>
                                    <th scope="col" class="py-2 pr-3">{t!(i18n, retention.last_closed)}</th>
                                    <th scope="col" class="py-2 pr-3">{t!(i18n, retention.due_since)}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {due.into_iter().map(|d| view! {
                                    <tr class="border-b border-slate-100">
                                        <td class="py-2 pr-3"><a class="text-teal-800 underline" href=format!("/clients/{}", d.id)>{d.name}</a></td>
                                        <td class="py-2 pr-3">{d.last_closed}</td>
                                        <td class="py-2 pr-3">{d.due_since}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                    <ActionForm action=erase attr:class="mt-3" attr:novalidate="true">
                        <FormError error=banner_error(erase_error) />
                        <label class="flex min-h-11 items-center gap-2">
                            <input type="checkbox" name="confirm" value="yes" class="h-5 w-5" aria-describedby="erase-due-error" />
                            {t!(i18n, retention.confirm)}
                        </label>
                        <FieldError error=erase_error field="confirm" id="erase-due-error" />
                        <button type="submit" class="mt-2 inline-flex min-h-11 items-center rounded-md bg-red-700 px-4 font-medium text-white hover:bg-red-800">{t!(i18n, retention.erase_all)}</button>
                    </ActionForm>
                }.into_any()
            }}
        </section>
        <section class=CARD aria-labelledby="erasures-heading">
            <h2 id="erasures-heading" class="text-lg font-semibold">{t!(i18n, retention.erasures_title)}</h2>
            {if erasures.is_empty() {
                view! { <p class="mt-2 text-slate-700">{t!(i18n, retention.erasures_none)}</p> }.into_any()
            } else {
                view! {
                    <div class="mt-2 overflow-x-auto">
                        <table class="min-w-full text-left text-sm" data-testid="erasures">
                            <thead>
                                <tr class="border-b border-slate-200">
                                    <th scope="col" class="py-2 pr-3">{t!(i18n, retention.when)}</th>
                                    <th scope="col" class="py-2 pr-3">{t!(i18n, retention.reference)}</th>
                                    <th scope="col" class="py-2 pr-3">{t!(i18n, retention.reason)}</th>
                                    <th scope="col" class="py-2 pr-3">{t!(i18n, retention.by)}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {erasures.into_iter().map(|e| view! {
                                    <tr class="border-b border-slate-100">
                                        <td class="py-2 pr-3">{e.at}</td>
                                        <td class="py-2 pr-3 font-mono">{e.reference}</td>
                                        <td class="py-2 pr-3">{reason(e.reason)}</td>
                                        <td class="py-2 pr-3">{e.by.unwrap_or_default()}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn Request(
    row: RequestRow,
    close: ServerAction<ClosePrivacyRequest>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = row.id;
    let open = row.status == RequestStatus::Open;
    let class = if row.overdue {
        "rounded-lg border-2 border-red-500 bg-red-50 p-4"
    } else {
        ITEM_CARD
    };
    let title = format!("{}: {}", kind_label(i18n, row.kind), row.person);
    let answer_id = format!("request-{id}-answer");
    let answer_error = format!("{answer_id}-error");
    let status_id = format!("request-{id}-status");
    view! {
        <li id=format!("request-{id}") class=class>
            <h3 class="font-semibold">{title.clone()}</h3>
            <dl class="mt-1 grid gap-x-4 text-sm sm:grid-cols-2">
                <div><dt class="inline text-slate-600">{t!(i18n, privacy.received)} ": "</dt><dd class="inline">{row.received_on}</dd></div>
                <div><dt class="inline text-slate-600">{t!(i18n, privacy.status)} ": "</dt><dd class="inline">{status_label(i18n, row.status)}</dd></div>
                <div><dt class="inline text-slate-600">{t!(i18n, privacy.due)} ": "</dt><dd class="inline">{row.due_on}</dd></div>
                <div><dt class="inline text-slate-600">{t!(i18n, privacy.legal_due)} ": "</dt><dd class="inline">{row.legal_due_on}</dd></div>
                {row.dossier.map(|d| view! {
                    <div><dt class="inline text-slate-600">{t!(i18n, privacy.dossier)} ": "</dt><dd class="inline"><a class="text-teal-800 underline" href=format!("/clients/{}", d.id)>{d.name}</a></dd></div>
                })}
                {row.closed_on.map(|day| view! {
                    <div><dt class="inline text-slate-600">{t!(i18n, privacy.closed_on)} ": "</dt><dd class="inline">{day}</dd></div>
                })}
            </dl>
            {row.overdue.then(|| view! { <p class="mt-2 font-semibold text-red-800">{t!(i18n, privacy.overdue)}</p> })}
            {row.answer.clone().map(|a| view! { <p class="mt-2 whitespace-pre-line">{a}</p> })}
            {open.then(|| view! {
                <ActionForm action=close attr:class="mt-3 space-y-2" attr:novalidate="true">
                    <input type="hidden" name="id" value=id.to_string() />
                    <div>
                        <label for=status_id.clone() class="block text-sm font-medium">{t!(i18n, privacy.outcome)}</label>
                        <select id=status_id name="status" class=INPUT>
                            <option value="done">{t!(i18n, privacy.status_done)}</option>
                            <option value="refused">{t!(i18n, privacy.status_refused)}</option>
                        </select>
                    </div>
                    <div>
                        <label for=answer_id.clone() class="block text-sm font-medium">{t!(i18n, privacy.answer)}</label>
                        <textarea id=answer_id name="answer" rows=3 class=INPUT aria-describedby=answer_error.clone()></textarea>
                        <FieldError error field="answer" id=answer_error />
                    </div>
                    <FormError error=banner_error(error) />
                    <button type="submit" class=SMALL_BUTTON aria-label=format!("{} ({title})", t_string!(i18n, privacy.close))>{t!(i18n, privacy.close)}</button>
                </ActionForm>
            })}
        </li>
    }
}
