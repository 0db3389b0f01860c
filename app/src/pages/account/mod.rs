//! The person's own account, and the pages behind the links in account e-mails.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::account::{
    email_link_details, my_profile, my_sessions, reset_link_details, ChangeEmail, ChangePassword,
    ConfirmEmail, ForgotPassword, ProfileDto, ResetPassword, SignOutOtherSessions, UpdateProfile,
};
use crate::components::errors::{action_error, banner_error, FieldError, FormError, LoadError};
use crate::components::events::EventTable;
use crate::components::form::{
    TextField, CENTERED_CARD, INPUT, NARROW_CARD, PRIMARY_BUTTON, SMALL_BUTTON,
};
use crate::i18n::*;

const NOTICE: &str = "rounded-md bg-teal-50 px-3 py-2 text-sm text-teal-900";

#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    let update = ServerAction::<UpdateProfile>::new();
    let email = ServerAction::<ChangeEmail>::new();
    let profile = Resource::new(
        move || (update.version().get(), email.version().get()),
        |_| my_profile(),
    );
    view! {
        <Title text=t_string!(i18n, account.title).to_string() />
        <h1 class="text-2xl font-bold">{t!(i18n, account.title)}</h1>
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match profile.await {
                    Ok(profile) => view! {
                        <ProfileForm profile=profile.clone() update />
                        <EmailForm profile email />
                    }.into_any(),
                    Err(error) => view! { <LoadError error /> }.into_any(),
                }
            })}
        </Suspense>
        <PasswordForm />
        <section class=NARROW_CARD aria-labelledby="two-factor-heading">
            <h2 id="two-factor-heading" class="text-lg font-semibold">{t!(i18n, two_factor.title)}</h2>
            <p class="mt-1 text-slate-700">{t!(i18n, two_factor.intro)}</p>
            <a class="mt-2 inline-block font-medium text-teal-800 underline" href=crate::routes::TWO_FACTOR_PAGE>
                {t!(i18n, account.two_factor_link)}
            </a>
        </section>
        <Sessions />
        <OwnSignIns />
    }
}

/// The person's own recent sign-ins and attempts: someone else's try shows here.
#[component]
fn OwnSignIns() -> impl IntoView {
    let i18n = use_i18n();
    let rows = Resource::new(|| (), |_| crate::api::security::my_sign_ins());
    view! {
        <section class=crate::components::form::CARD aria-labelledby="sign-ins-heading">
            <h2 id="sign-ins-heading" class="text-lg font-semibold">{t!(i18n, events.own_heading)}</h2>
            <p class="mt-1 text-slate-700">{t!(i18n, events.own_intro)}</p>
            <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    match rows.await {
                        Ok(events) => view! { <EventTable events /> }.into_any(),
                        Err(error) => view! { <LoadError error /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn ProfileForm(profile: ProfileDto, update: ServerAction<UpdateProfile>) -> impl IntoView {
    let i18n = use_i18n();
    let error = action_error(update);
    let banner = banner_error(error);
    let saved = move || update.value().get().is_some_and(|r| r.is_ok());
    // The server already set the language cookie; this switches the page without a reload.
    Effect::new(move |_| {
        if let Some(Ok(code)) = update.value().get() {
            let locale = if code == "en" { Locale::en } else { Locale::nl };
            if i18n.get_locale_untracked() != locale {
                i18n.set_locale(locale);
            }
        }
    });
    let english = profile.language == "en";
    view! {
        <section class=NARROW_CARD aria-labelledby="profile-heading">
            <h2 id="profile-heading" class="text-lg font-semibold">{t!(i18n, account.profile_heading)}</h2>
            <ActionForm action=update attr:class="mt-3 space-y-3" attr:novalidate="true">
                <FormError error=banner />
                <Show when=saved>
                    <p role="status" class=NOTICE>{t!(i18n, account.saved)}</p>
                </Show>
                <div>
                    <label for="name" class="block font-medium">{t!(i18n, account.name)}</label>
                    <input id="name" name="name" type="text" autocomplete="name" value=profile.name.clone()
                        class=INPUT aria-describedby="name-error" />
                    <FieldError error field="name" id="name-error" />
                </div>
                <div>
                    <label for="language" class="block font-medium">{t!(i18n, account.language)}</label>
                    <select id="language" name="language" class=INPUT>
                        <option value="nl" selected=!english>"Nederlands"</option>
                        <option value="en" selected=english>"English"</option>
                    </select>
                </div>
                <button type="submit" class=PRIMARY_BUTTON>{t!(i18n, account.save)}</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn EmailForm(profile: ProfileDto, email: ServerAction<ChangeEmail>) -> impl IntoView {
    let i18n = use_i18n();
    let error = action_error(email);
    let banner = banner_error(error);
    let pending = profile.pending_email.clone();
    view! {
        <section class=NARROW_CARD aria-labelledby="email-heading">
            <h2 id="email-heading" class="text-lg font-semibold">{t!(i18n, account.email_heading)}</h2>
            <p class="mt-1 text-slate-700">{t!(i18n, account.email_now)} " " <strong>{profile.email.clone()}</strong></p>
            {pending.map(|address| view! {
                <p role="status" class=format!("mt-2 {NOTICE}")>
                    {t_string!(i18n, account.email_pending).replace("%email%", &address)}
                </p>
            })}
            <ActionForm action=email attr:class="mt-3 space-y-3" attr:novalidate="true">
                <FormError error=banner />
                <TextField name="email" input_type="email" autocomplete="email" error>
                    {t!(i18n, account.new_email)}
                </TextField>
                <TextField name="current_password" id="email_current_password" input_type="password" autocomplete="current-password" error>
                    {t!(i18n, account.current_password)}
                </TextField>
                <button type="submit" class=PRIMARY_BUTTON>{t!(i18n, account.email_submit)}</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn PasswordForm() -> impl IntoView {
    let i18n = use_i18n();
    let change = ServerAction::<ChangePassword>::new();
    let error = action_error(change);
    let banner = banner_error(error);
    let query = use_query_map();
    let changed = move || {
        change.value().get().is_some_and(|r| r.is_ok())
            || query.with(|q| q.get("saved").as_deref() == Some("password"))
    };
    view! {
        <section class=NARROW_CARD aria-labelledby="password-heading">
            <h2 id="password-heading" class="text-lg font-semibold">{t!(i18n, account.password_heading)}</h2>
            <ActionForm action=change attr:class="mt-3 space-y-3" attr:novalidate="true">
                <FormError error=banner />
                <Show when=changed>
                    <p role="status" class=NOTICE>{t!(i18n, account.password_changed)}</p>
                </Show>
                <TextField name="current_password" input_type="password" autocomplete="current-password" error>
                    {t!(i18n, account.current_password)}
                </TextField>
                <TextField name="password" input_type="password" autocomplete="new-password" error>
                    {t!(i18n, account.new_password)}
                </TextField>
                <p class="-mt-2 text-sm text-slate-600">{t!(i18n, invite.password_hint)}</p>
                <button type="submit" class=PRIMARY_BUTTON>{t!(i18n, account.password_submit)}</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn Sessions() -> impl IntoView {
    let i18n = use_i18n();
    let others = ServerAction::<SignOutOtherSessions>::new();
    let sessions = Resource::new(move || others.version().get(), |_| my_sessions());
    let error = action_error(others);
    view! {
        <section class=NARROW_CARD aria-labelledby="sessions-heading">
            <h2 id="sessions-heading" class="text-lg font-semibold">{t!(i18n, account.sessions_heading)}</h2>
            <FormError error />
            <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    match sessions.await {
                        Ok(rows) => {
                            let has_others = rows.iter().any(|r| !r.current);
                            view! {
                                <ul class="mt-2 divide-y divide-slate-200">
                                    {rows.into_iter().map(|row| {
                                        let device = if row.device.is_empty() { t_string!(i18n, account.unknown_device).to_string() } else { row.device.clone() };
                                        view! {
                                            <li class="py-2">
                                                <p class="break-words text-sm">{device}</p>
                                                <p class="text-sm text-slate-600">
                                                    {t_string!(i18n, account.last_active).replace("%date%", &row.last_active)}
                                                    {row.current.then(|| view! { " · " <strong>{t!(i18n, account.this_session)}</strong> })}
                                                </p>
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                                {has_others.then(|| view! {
                                    <ActionForm action=others attr:class="mt-3">
                                        <button type="submit" class=SMALL_BUTTON>{t!(i18n, account.sign_out_others)}</button>
                                    </ActionForm>
                                })}
                            }.into_any()
                        }
                        Err(error) => view! { <LoadError error /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

fn token_param() -> impl Fn() -> String + Copy + Send + Sync + 'static {
    let params = use_params_map();
    move || params.with(|p| p.get("token").unwrap_or_default())
}

/// Opened from the mail to a new address. Confirming is a button, not the visit itself:
/// mail scanners open links too.
#[component]
pub fn ConfirmEmailPage() -> impl IntoView {
    let i18n = use_i18n();
    let token = token_param();
    let confirm = ServerAction::<ConfirmEmail>::new();
    let details = Resource::new(token, email_link_details);
    let error = action_error(confirm);
    let query = use_query_map();
    let done = move || {
        confirm.value().get().is_some_and(|r| r.is_ok())
            || query.with(|q| q.get("confirmed").is_some())
    };
    view! {
        <Title text=t_string!(i18n, account.confirm_title).to_string() />
        <section class=CENTERED_CARD>
            <h1 class="text-2xl font-bold">{t!(i18n, account.confirm_title)}</h1>
            <Show
                when=done
                fallback=move || view! {
                    <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
                        {move || Suspend::new(async move {
                            match details.await {
                                Ok(address) => view! {
                                    <p class="mt-2 text-slate-700">{t_string!(i18n, account.confirm_intro).replace("%email%", &address)}</p>
                                    <ActionForm action=confirm attr:class="mt-4 space-y-3">
                                        <FormError error />
                                        <input type="hidden" name="token" value=token() />
                                        <button type="submit" class=format!("w-full {PRIMARY_BUTTON}")>{t!(i18n, account.confirm_submit)}</button>
                                    </ActionForm>
                                }.into_any(),
                                Err(error) => view! { <div class="mt-4"><LoadError error /></div> }.into_any(),
                            }
                        })}
                    </Suspense>
                }
            >
                <p role="status" class=format!("mt-3 {NOTICE}")>{t!(i18n, account.confirmed)}</p>
            </Show>
        </section>
    }
}

#[component]
pub fn ForgotPage() -> impl IntoView {
    let i18n = use_i18n();
    let forgot = ServerAction::<ForgotPassword>::new();
    let error = action_error(forgot);
    let banner = banner_error(error);
    let query = use_query_map();
    let sent = move || {
        forgot.value().get().is_some_and(|r| r.is_ok()) || query.with(|q| q.get("sent").is_some())
    };
    view! {
        <Title text=t_string!(i18n, account.forgot_title).to_string() />
        <section class=CENTERED_CARD>
            <h1 class="text-2xl font-bold">{t!(i18n, account.forgot_title)}</h1>
            <p class="mt-2 text-slate-700">{t!(i18n, account.forgot_intro)}</p>
            <ActionForm action=forgot attr:class="mt-4 space-y-4" attr:novalidate="true">
                <FormError error=banner />
                <Show when=sent>
                    <p role="status" class=NOTICE>{t!(i18n, account.forgot_sent)}</p>
                </Show>
                <TextField name="email" input_type="email" autocomplete="username" error>
                    {t!(i18n, login.email)}
                </TextField>
                <button type="submit" class=format!("w-full {PRIMARY_BUTTON}")>{t!(i18n, account.forgot_submit)}</button>
            </ActionForm>
        </section>
    }
}

#[component]
pub fn ResetPage() -> impl IntoView {
    let i18n = use_i18n();
    let token = token_param();
    let reset = ServerAction::<ResetPassword>::new();
    let details = Resource::new(token, reset_link_details);
    let error = action_error(reset);
    let banner = banner_error(error);
    view! {
        <Title text=t_string!(i18n, account.reset_title).to_string() />
        <section class=CENTERED_CARD>
            <h1 class="text-2xl font-bold">{t!(i18n, account.reset_title)}</h1>
            <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    match details.await {
                        Ok(address) => view! {
                            <p class="mt-2 text-slate-700">{t_string!(i18n, account.reset_intro).replace("%email%", &address)}</p>
                            <ActionForm action=reset attr:class="mt-4 space-y-4" attr:novalidate="true">
                                <FormError error=banner />
                                <input type="hidden" name="token" value=token() />
                                <TextField name="password" input_type="password" autocomplete="new-password" error>
                                    {t!(i18n, account.new_password)}
                                </TextField>
                                <p class="-mt-3 text-sm text-slate-600">{t!(i18n, invite.password_hint)}</p>
                                <button type="submit" class=format!("w-full {PRIMARY_BUTTON}")>{t!(i18n, account.reset_submit)}</button>
                            </ActionForm>
                        }.into_any(),
                        Err(error) => view! {
                            <div class="mt-4"><LoadError error /></div>
                            <a class="mt-3 inline-block text-teal-800 underline" href="/forgot">{t!(i18n, account.forgot_again)}</a>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}
