use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::auth::{my_network, second_step_pending, Login, Logout, VerifyCode};
use crate::components::errors::{action_error, banner_error, FormError};
use crate::components::form::{TextField, CENTERED_CARD, PRIMARY_BUTTON};
use crate::error::AppError;
use crate::i18n::*;

#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let login = ServerAction::<Login>::new();
    let query = use_query_map();
    let signed_out = move || query.with(|q| q.get("signed_out").is_some());
    let idle = move || query.with(|q| q.get("ended").as_deref() == Some("idle"));
    let reset = move || query.with(|q| q.get("reset").is_some());
    let error = action_error(login);
    // Field problems sit next to their field; everything else goes in the banner.
    let banner = banner_error(error);
    view! {
        <Title text=t_string!(i18n, login.title).to_string() />
        <section class=CENTERED_CARD>
            <h1 class="text-2xl font-bold">{t!(i18n, login.title)}</h1>
            <Show when=signed_out>
                <p role="status" class="mt-3 rounded-md bg-teal-50 px-3 py-2 text-sm text-teal-900">
                    {t!(i18n, login.signed_out)}
                </p>
            </Show>
            <Show when=idle>
                <p role="status" class="mt-3 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
                    {t!(i18n, login.ended_idle)}
                </p>
            </Show>
            <Show when=reset>
                <p role="status" class="mt-3 rounded-md bg-teal-50 px-3 py-2 text-sm text-teal-900">
                    {t!(i18n, login.reset_done)}
                </p>
            </Show>
            <ActionForm action=login attr:class="mt-4 space-y-4" attr:novalidate="true">
                <FormError error=banner />
                <TextField name="email" input_type="email" autocomplete="username" error>
                    {t!(i18n, login.email)}
                </TextField>
                <TextField
                    name="password"
                    input_type="password"
                    autocomplete="current-password"
                    error
                >
                    {t!(i18n, login.password)}
                </TextField>
                <button
                    type="submit"
                    class="w-full rounded-md bg-teal-700 px-4 py-2 font-medium text-white hover:bg-teal-800 focus:outline-none focus-visible:ring-4 focus-visible:ring-teal-300 disabled:opacity-60"
                    disabled=move || login.pending().get()
                >
                    {move || if login.pending().get() {
                        t_string!(i18n, login.busy)
                    } else {
                        t_string!(i18n, login.submit)
                    }}
                </button>
            </ActionForm>
            <p class="mt-4 text-sm text-slate-600">
                {t!(i18n, login.no_account)} " "
                <a class="text-teal-800 underline" href="/signup">{t!(i18n, landing.try_demo)}</a>
            </p>
            <p class="mt-2 text-sm">
                <a class="text-teal-800 underline" href="/forgot">{t!(i18n, login.forgot)}</a>
            </p>
        </section>
    }
}

/// The second step of signing in: the code from the authenticator app, or a recovery code.
#[component]
pub fn LoginCodePage() -> impl IntoView {
    let i18n = use_i18n();
    let verify = ServerAction::<VerifyCode>::new();
    let pending = Resource::new(|| (), |_| second_step_pending());
    let error = action_error(verify);
    let banner = banner_error(error);
    let expired = move || matches!(error.get(), Some(AppError::SecondStepExpired));
    view! {
        <Title text=t_string!(i18n, login.code_title).to_string() />
        <section class=CENTERED_CARD>
            <h1 class="text-2xl font-bold">{t!(i18n, login.code_title)}</h1>
            <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    match pending.await {
                        Ok(true) => view! {
                            <p class="mt-2 text-slate-700">{t!(i18n, login.code_intro)}</p>
                            <ActionForm action=verify attr:class="mt-4 space-y-4" attr:novalidate="true">
                                <FormError error=banner />
                                <TextField name="code" autocomplete="one-time-code" error>
                                    {t!(i18n, login.code_label)}
                                </TextField>
                                <p class="-mt-3 text-sm text-slate-600">{t!(i18n, login.code_hint)}</p>
                                <button
                                    type="submit"
                                    class=format!("w-full {PRIMARY_BUTTON}")
                                    disabled=move || verify.pending().get()
                                >
                                    {t!(i18n, login.code_submit)}
                                </button>
                            </ActionForm>
                            <Show when=expired>
                                <a class="mt-3 inline-block text-teal-800 underline" href="/login">{t!(i18n, login.again)}</a>
                            </Show>
                        }.into_any(),
                        _ => view! {
                            <p role="alert" class="mt-3 rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800">
                                {t!(i18n, errors.second_step_expired)}
                            </p>
                            <a class="mt-3 inline-block text-teal-800 underline" href="/login">{t!(i18n, login.again)}</a>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// Shown instead of every page to someone signed in whose organization does not allow the
/// network they are on: which address Koers sees, what to do, and a way to sign out.
#[component]
pub fn NetworkPage() -> impl IntoView {
    let i18n = use_i18n();
    let status = Resource::new(|| (), |_| my_network());
    let logout_url = <Logout as leptos::server_fn::ServerFn>::url();
    view! {
        <Title text=t_string!(i18n, network.title).to_string() />
        <section class=CENTERED_CARD>
            <h1 class="text-2xl font-bold">{t!(i18n, network.title)}</h1>
            <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    let status = status.await.ok()?;
                    let address = if status.address.is_empty() {
                        t_string!(i18n, network.address_unknown).to_string()
                    } else {
                        status.address.clone()
                    };
                    Some(if status.signed_in && !status.allowed {
                        view! {
                            <p role="alert" class="mt-3 text-slate-800">{t!(i18n, network.refused)}</p>
                            <p class="mt-3 text-slate-700">
                                {t!(i18n, network.your_address)} " "
                                <code id="network-address" class="rounded bg-slate-100 px-2 py-0.5 font-mono">{address}</code>
                            </p>
                            <p class="mt-3 text-slate-700">{t!(i18n, network.what_now)}</p>
                            <form method="post" action=logout_url class="mt-4">
                                <button type="submit" class=PRIMARY_BUTTON>{t!(i18n, nav.sign_out)}</button>
                            </form>
                        }
                        .into_any()
                    } else {
                        view! {
                            <p role="status" class="mt-3 text-slate-800">{t!(i18n, network.allowed)}</p>
                            <a class="mt-3 inline-block font-medium text-teal-800 underline" href="/" rel="external">
                                {t!(i18n, network.go_on)}
                            </a>
                        }
                        .into_any()
                    })
                })}
            </Suspense>
        </section>
    }
}
