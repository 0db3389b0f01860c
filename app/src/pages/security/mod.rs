//! Two-step verification (everyone's own) and the organization's security settings (owners).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::security::{
    my_two_factor, organization_security, security_events, ConfirmTwoFactor, RecoveryCodesSaved,
    RemoveTwoFactor, RenewRecoveryCodes, ResetMemberTwoFactor, SetAllowedNetworks, SetIdleLimit,
    SetTwoFactorRule, StartTwoFactor, TwoFactorStatus,
};
use crate::components::errors::{action_error, banner_error, FormError, LoadError};
use crate::components::events::EventTable;
use crate::components::form::{
    TextArea, TextField, CARD, INPUT, NARROW_CARD, PRIMARY_BUTTON, SMALL_BUTTON,
};
use crate::components::labels::{role_label, security_event_label};
use crate::error::FieldProblem;
use crate::i18n::*;
use crate::model::security::{SecurityEventKind, IDLE_MINUTES_MAX, IDLE_MINUTES_MIN};

const NOTICE: &str = "rounded-md bg-teal-50 px-3 py-2 text-sm text-teal-900";

fn query_flag(name: &'static str) -> impl Fn() -> bool + Copy + Send + Sync + 'static {
    let query = use_query_map();
    move || query.with(|q| q.get(name).is_some())
}

#[component]
pub fn TwoFactorPage() -> impl IntoView {
    let i18n = use_i18n();
    let start = ServerAction::<StartTwoFactor>::new();
    let confirm = ServerAction::<ConfirmTwoFactor>::new();
    let saved = ServerAction::<RecoveryCodesSaved>::new();
    let remove = ServerAction::<RemoveTwoFactor>::new();
    let renew = ServerAction::<RenewRecoveryCodes>::new();
    let status = Resource::new(
        move || {
            (
                start.version().get(),
                confirm.version().get(),
                remove.version().get(),
                renew.version().get(),
            )
        },
        |_| my_two_factor(),
    );
    let removed = query_flag("removed");
    view! {
        <Title text=t_string!(i18n, two_factor.title).to_string() />
        <h1 class="text-2xl font-bold">{t!(i18n, two_factor.title)}</h1>
        <p class="mt-2 max-w-2xl text-slate-700">{t!(i18n, two_factor.intro)}</p>
        <Show when=removed>
            <p role="status" class=format!("mt-3 max-w-xl {NOTICE}")>{t!(i18n, two_factor.removed)}</p>
        </Show>
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match status.await {
                    Ok(status) => view! {
                        <TwoFactorState status start confirm saved remove renew />
                    }.into_any(),
                    Err(error) => view! { <LoadError error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn TwoFactorState(
    status: TwoFactorStatus,
    start: ServerAction<StartTwoFactor>,
    confirm: ServerAction<ConfirmTwoFactor>,
    saved: ServerAction<RecoveryCodesSaved>,
    remove: ServerAction<RemoveTwoFactor>,
    renew: ServerAction<RenewRecoveryCodes>,
) -> impl IntoView {
    let i18n = use_i18n();
    if !status.fresh_recovery_codes.is_empty() {
        return view! { <FreshCodes codes=status.fresh_recovery_codes saved /> }.into_any();
    }
    if status.enabled {
        return view! { <Enabled codes_left=status.recovery_codes_left remove renew /> }.into_any();
    }
    if let Some(enrolment) = status.enrolment {
        let error = action_error(confirm);
        let banner = banner_error(error);
        return view! {
            <section class=NARROW_CARD aria-labelledby="scan-heading">
                <h2 id="scan-heading" class="text-lg font-semibold">{t!(i18n, two_factor.scan_heading)}</h2>
                <p class="mt-1 text-slate-700">{t!(i18n, two_factor.scan_intro)}</p>
                <div class="mt-3 w-56 max-w-full" inner_html=enrolment.qr_svg></div>
                <p class="mt-3 text-sm text-slate-700">{t!(i18n, two_factor.secret_label)}</p>
                <p class="mt-1"><code id="two-factor-secret" class="select-all rounded bg-slate-100 px-2 py-1 font-mono text-base">{enrolment.secret}</code></p>
                <ActionForm action=confirm attr:class="mt-4 space-y-3" attr:novalidate="true">
                    <FormError error=banner />
                    <TextField name="code" autocomplete="one-time-code" error>
                        {t!(i18n, two_factor.code_label)}
                    </TextField>
                    <button type="submit" class=PRIMARY_BUTTON disabled=move || confirm.pending().get()>
                        {t!(i18n, two_factor.confirm)}
                    </button>
                </ActionForm>
            </section>
        }
        .into_any();
    }
    let error = action_error(start);
    view! {
        <section class=NARROW_CARD aria-labelledby="start-heading">
            <h2 id="start-heading" class="text-lg font-semibold">{t!(i18n, two_factor.off_heading)}</h2>
            {status.required.then(|| view! {
                <p role="status" class="mt-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
                    {t!(i18n, two_factor.required_notice)}
                </p>
            })}
            <p class="mt-2 text-slate-700">{t!(i18n, two_factor.start_intro)}</p>
            <ActionForm action=start attr:class="mt-3">
                <FormError error />
                <button type="submit" class=PRIMARY_BUTTON disabled=move || start.pending().get()>
                    {t!(i18n, two_factor.start)}
                </button>
            </ActionForm>
        </section>
    }
    .into_any()
}

#[component]
fn FreshCodes(codes: Vec<String>, saved: ServerAction<RecoveryCodesSaved>) -> impl IntoView {
    let i18n = use_i18n();
    let error = action_error(saved);
    view! {
        <section class=NARROW_CARD aria-labelledby="codes-heading">
            <p role="status" class=NOTICE>{t!(i18n, two_factor.enabled)}</p>
            <h2 id="codes-heading" class="mt-3 text-lg font-semibold">{t!(i18n, two_factor.codes_heading)}</h2>
            <p class="mt-1 text-slate-700">{t!(i18n, two_factor.codes_intro)}</p>
            <ul id="recovery-codes" class="mt-3 grid grid-cols-2 gap-2 font-mono text-base">
                {codes.into_iter().map(|code| view! {
                    <li><code class="rounded bg-slate-100 px-2 py-1">{code}</code></li>
                }).collect_view()}
            </ul>
            <ActionForm action=saved attr:class="mt-4">
                <FormError error />
                <button type="submit" class=PRIMARY_BUTTON>{t!(i18n, two_factor.codes_saved)}</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn Enabled(
    codes_left: u32,
    remove: ServerAction<RemoveTwoFactor>,
    renew: ServerAction<RenewRecoveryCodes>,
) -> impl IntoView {
    let i18n = use_i18n();
    let remove_error = action_error(remove);
    let remove_banner = banner_error(remove_error);
    let renew_error = action_error(renew);
    let renew_banner = banner_error(renew_error);
    let enabled_now = query_flag("enabled");
    view! {
        <section class=NARROW_CARD aria-labelledby="on-heading">
            <h2 id="on-heading" class="text-lg font-semibold">{t!(i18n, two_factor.on_heading)}</h2>
            <Show when=enabled_now>
                <p role="status" class=format!("mt-2 {NOTICE}")>{t!(i18n, two_factor.enabled)}</p>
            </Show>
            <p class="mt-1 text-slate-700">
                {t_string!(i18n, two_factor.codes_left).replace("%count%", &codes_left.to_string())}
            </p>
        </section>
        <section class=NARROW_CARD aria-labelledby="renew-heading">
            <h2 id="renew-heading" class="text-lg font-semibold">{t!(i18n, two_factor.renew_heading)}</h2>
            <p class="mt-1 text-slate-700">{t!(i18n, two_factor.renew_intro)}</p>
            <ActionForm action=renew attr:class="mt-3 space-y-3" attr:novalidate="true">
                <FormError error=renew_banner />
                <TextField name="current_password" id="renew_current_password" input_type="password" autocomplete="current-password" error=renew_error>
                    {t!(i18n, account.current_password)}
                </TextField>
                <button type="submit" class=PRIMARY_BUTTON>{t!(i18n, two_factor.renew_submit)}</button>
            </ActionForm>
        </section>
        <section class=NARROW_CARD aria-labelledby="remove-heading">
            <h2 id="remove-heading" class="text-lg font-semibold">{t!(i18n, two_factor.remove_heading)}</h2>
            <p class="mt-1 text-slate-700">{t!(i18n, two_factor.remove_intro)}</p>
            <ActionForm action=remove attr:class="mt-3 space-y-3" attr:novalidate="true">
                <FormError error=remove_banner />
                <TextField name="current_password" id="remove_current_password" input_type="password" autocomplete="current-password" error=remove_error>
                    {t!(i18n, account.current_password)}
                </TextField>
                <TextField name="code" id="remove_code" autocomplete="one-time-code" error=remove_error>
                    {t!(i18n, two_factor.code_label)}
                </TextField>
                <button type="submit" class=PRIMARY_BUTTON>{t!(i18n, two_factor.remove_submit)}</button>
            </ActionForm>
        </section>
    }
}

/// The owner's security settings: the two-step rule and who uses it.
#[component]
pub fn SecurityPage() -> impl IntoView {
    let i18n = use_i18n();
    let rule = ServerAction::<SetTwoFactorRule>::new();
    let reset = ServerAction::<ResetMemberTwoFactor>::new();
    let networks = ServerAction::<SetAllowedNetworks>::new();
    let idle = ServerAction::<SetIdleLimit>::new();
    let settings = Resource::new(
        move || {
            (
                rule.version().get(),
                reset.version().get(),
                networks.version().get(),
                idle.version().get(),
            )
        },
        |_| organization_security(),
    );
    let query = use_query_map();
    let saved = move |what: &'static str| query.with(|q| q.get("saved").as_deref() == Some(what));
    let rule_saved = move || rule.value().get().is_some_and(|r| r.is_ok()) || saved("rule");
    let reset_done = move || reset.value().get().is_some_and(|r| r.is_ok()) || saved("reset");
    let networks_saved = Signal::derive(move || {
        networks.value().get().is_some_and(|r| r.is_ok()) || saved("networks")
    });
    // The page renders again after every save; a refused list keeps what was typed.
    let typed_networks = RwSignal::new(None::<String>);
    Effect::new(move || {
        if let Some(input) = networks.input().get() {
            typed_networks.set(Some(input.networks));
        }
        if networks.value().get().is_some_and(|r| r.is_ok()) {
            typed_networks.set(None);
        }
    });
    let idle_saved =
        Signal::derive(move || idle.value().get().is_some_and(|r| r.is_ok()) || saved("idle"));
    let rule_error = action_error(rule);
    let rule_banner = banner_error(rule_error);
    let reset_error = action_error(reset);
    view! {
        <Title text=t_string!(i18n, security.title).to_string() />
        <h1 class="text-2xl font-bold">{t!(i18n, security.title)}</h1>
        <p class="mt-2 flex flex-wrap gap-x-6">
            <a class="text-teal-800 underline" href="/access-log">{t!(i18n, access_log.security_link)}</a>
            <a class="text-teal-800 underline" href="/privacy/requests">{t!(i18n, privacy.security_link)}</a>
        </p>
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match settings.await {
                    Ok(settings) => {
                        let required = settings.two_factor_required;
                        view! {
                            <section class=NARROW_CARD aria-labelledby="rule-heading">
                                <h2 id="rule-heading" class="text-lg font-semibold">{t!(i18n, security.rule_heading)}</h2>
                                <p class="mt-1 text-slate-700">{t!(i18n, security.rule_intro)}</p>
                                <ActionForm action=rule attr:class="mt-3 space-y-2">
                                    <FormError error=rule_banner />
                                    <Show when=rule_saved>
                                        <p role="status" class=NOTICE>{t!(i18n, security.rule_saved)}</p>
                                    </Show>
                                    <label class="flex items-start gap-2">
                                        <input type="radio" name="rule" value="required" checked=required class="mt-1" />
                                        <span>{t!(i18n, security.rule_required)}</span>
                                    </label>
                                    <label class="flex items-start gap-2">
                                        <input type="radio" name="rule" value="optional" checked=!required class="mt-1" />
                                        <span>{t!(i18n, security.rule_optional)}</span>
                                    </label>
                                    <p class="text-sm text-red-700">
                                        {move || rule_error.get().and_then(|e| e.problem_for("rule")).map(|p| crate::components::errors::problem_text(i18n, p))}
                                    </p>
                                    <button type="submit" class=PRIMARY_BUTTON>{t!(i18n, security.rule_save)}</button>
                                </ActionForm>
                            </section>
                            <NetworksSection
                                action=networks
                                saved=networks_saved
                                typed=typed_networks
                                current=settings.allowed_networks
                                your_address=settings.your_address
                            />
                            <IdleSection action=idle saved=idle_saved minutes=settings.idle_minutes />
                            <section class=CARD aria-labelledby="members-heading">
                                <h2 id="members-heading" class="text-lg font-semibold">{t!(i18n, security.members_heading)}</h2>
                                <FormError error=reset_error />
                                <Show when=reset_done>
                                    <p role="status" class=format!("mt-2 {NOTICE}")>{t!(i18n, security.reset_done)}</p>
                                </Show>
                                <table class="mt-3 w-full text-left text-sm">
                                    <thead>
                                        <tr class="border-b border-slate-200">
                                            <th scope="col" class="py-2">{t!(i18n, security.member)}</th>
                                            <th scope="col" class="py-2">{t!(i18n, security.role)}</th>
                                            <th scope="col" class="py-2">{t!(i18n, security.two_factor)}</th>
                                            <th scope="col" class="py-2"><span class="sr-only">{t!(i18n, security.actions)}</span></th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {settings.members.into_iter().map(|member| {
                                            let id = member.id.to_string();
                                            view! {
                                                <tr class="border-b border-slate-100">
                                                    <td class="py-2">{member.name}<br /><span class="text-slate-600">{member.email}</span></td>
                                                    <td class="py-2">{role_label(i18n, member.role)}</td>
                                                    <td class="py-2">
                                                        {if member.enabled { t_string!(i18n, security.on) } else { t_string!(i18n, security.off) }}
                                                    </td>
                                                    <td class="py-2 text-right">
                                                        {member.enabled.then(|| view! {
                                                            <ActionForm action=reset>
                                                                <input type="hidden" name="id" value=id.clone() />
                                                                <button type="submit" class=SMALL_BUTTON>{t!(i18n, security.reset)}</button>
                                                            </ActionForm>
                                                        })}
                                                    </td>
                                                </tr>
                                            }
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </section>
                        }.into_any()
                    }
                    Err(error) => view! { <LoadError error /> }.into_any(),
                }
            })}
        </Suspense>
        <SecurityLogSection />
    }
}

/// The networks the organization's people may use Koers from. Saving a list that leaves out
/// the owner's own address asks for a tick first: after it, Koers refuses them from here.
#[component]
fn NetworksSection(
    action: ServerAction<SetAllowedNetworks>,
    saved: Signal<bool>,
    /// What the owner last sent, while it was refused: stays in the field.
    typed: RwSignal<Option<String>>,
    current: String,
    your_address: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let error = action_error(action);
    let banner = banner_error(error);
    let outside = move || {
        error.get().and_then(|e| e.problem_for("networks")) == Some(FieldProblem::OwnAddressOutside)
    };
    let value = typed.get_untracked().unwrap_or(current);
    view! {
        <section class=NARROW_CARD aria-labelledby="networks-heading">
            <h2 id="networks-heading" class="text-lg font-semibold">{t!(i18n, security.networks_heading)}</h2>
            <p class="mt-1 text-slate-700">{t!(i18n, security.networks_intro)}</p>
            <p class="mt-2 text-sm text-slate-700">
                {t!(i18n, security.your_address)} " "
                <code id="your-address" class="rounded bg-slate-100 px-2 py-0.5 font-mono">{your_address}</code>
            </p>
            <ActionForm action attr:class="mt-3 space-y-3" attr:novalidate="true">
                <FormError error=banner />
                <Show when=move || saved.get()>
                    <p role="status" class=NOTICE>{t!(i18n, security.networks_saved)}</p>
                </Show>
                <TextArea name="networks" value rows=5 class="font-mono" error>
                    {t!(i18n, security.networks_label)}
                </TextArea>
                <p class="text-sm text-slate-600">{t!(i18n, security.networks_hint)}</p>
                <Show when=outside>
                    <label class="flex items-start gap-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
                        <input type="checkbox" name="confirm_outside" value="yes" class="mt-1 h-5 w-5 accent-teal-700" />
                        <span>{t!(i18n, security.networks_confirm)}</span>
                    </label>
                </Show>
                <button type="submit" class=PRIMARY_BUTTON disabled=move || action.pending().get()>
                    {t!(i18n, security.networks_save)}
                </button>
            </ActionForm>
        </section>
    }
}

/// How long a session may sit unused before it ends.
#[component]
fn IdleSection(
    action: ServerAction<SetIdleLimit>,
    saved: Signal<bool>,
    minutes: i64,
) -> impl IntoView {
    let i18n = use_i18n();
    let error = action_error(action);
    let banner = banner_error(error);
    let hint = t_string!(i18n, security.idle_hint)
        .replace("%min%", &IDLE_MINUTES_MIN.to_string())
        .replace("%max%", &IDLE_MINUTES_MAX.to_string());
    view! {
        <section class=NARROW_CARD aria-labelledby="idle-heading-settings">
            <h2 id="idle-heading-settings" class="text-lg font-semibold">{t!(i18n, security.idle_heading)}</h2>
            <p class="mt-1 text-slate-700">{t!(i18n, security.idle_intro)}</p>
            <ActionForm action attr:class="mt-3 space-y-3" attr:novalidate="true">
                <FormError error=banner />
                <Show when=move || saved.get()>
                    <p role="status" class=NOTICE>{t!(i18n, security.idle_saved)}</p>
                </Show>
                <TextField name="minutes" input_type="number" value=minutes.to_string() error>
                    {t!(i18n, security.idle_label)}
                </TextField>
                <p class="text-sm text-slate-600">{hint}</p>
                <button type="submit" class=PRIMARY_BUTTON disabled=move || action.pending().get()>
                    {t!(i18n, security.idle_save)}
                </button>
            </ActionForm>
        </section>
    }
}

/// The organization's security event log, filtered by person and kind through the address
/// (`?person=&kind=`): a plain GET form, the same with and without JavaScript.
#[component]
fn SecurityLogSection() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let filter = move || {
        query.with(|q| {
            (
                q.get("person").unwrap_or_default(),
                q.get("kind").unwrap_or_default(),
            )
        })
    };
    let log = Resource::new(filter, |(person, kind)| security_events(person, kind));
    view! {
        <section class=CARD aria-labelledby="log-heading">
            <h2 id="log-heading" class="text-lg font-semibold">{t!(i18n, events.log_heading)}</h2>
            <p class="mt-1 text-slate-700">{t!(i18n, events.log_intro)}</p>
            <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    let (person, kind) = filter();
                    match log.await {
                        Ok(log) => view! {
                            <form method="get" action="/security" class="mt-3 flex flex-wrap items-end gap-3">
                                <div>
                                    <label for="log-person" class="block text-sm font-medium">{t!(i18n, events.filter_person)}</label>
                                    <select id="log-person" name="person" class=INPUT>
                                        <option value="">{t!(i18n, events.filter_all)}</option>
                                        {log.people.iter().map(|(id, name)| {
                                            let value = id.to_string();
                                            let selected = value == person;
                                            view! { <option value=value selected=selected>{name.clone()}</option> }
                                        }).collect_view()}
                                    </select>
                                </div>
                                <div>
                                    <label for="log-kind" class="block text-sm font-medium">{t!(i18n, events.filter_kind)}</label>
                                    <select id="log-kind" name="kind" class=INPUT>
                                        <option value="">{t!(i18n, events.filter_all)}</option>
                                        {SecurityEventKind::ALL.iter().map(|code| {
                                            let selected = code.as_str() == kind;
                                            view! { <option value=code.as_str() selected=selected>{security_event_label(i18n, *code)}</option> }
                                        }).collect_view()}
                                    </select>
                                </div>
                                <button type="submit" class=SMALL_BUTTON>{t!(i18n, events.filter_submit)}</button>
                            </form>
                            <EventTable events=log.events people=true />
                        }.into_any(),
                        Err(error) => view! { <LoadError error /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}
