use leptos::prelude::*;
use leptos_meta::Title;

use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::signup::{sign_up_details, ConfirmSignUp, DemoSignUp};
use crate::components::errors::{action_error, banner_error, FieldError, FormError, LoadError};
use crate::components::form::{AgreeField, TextField, CENTERED_CARD, PRIMARY_BUTTON};
use crate::i18n::*;

/// A practice starts a fourteen-day demo on its own.
#[component]
pub fn SignUpPage() -> impl IntoView {
    let i18n = use_i18n();
    let sign_up = ServerAction::<DemoSignUp>::new();
    let error = action_error(sign_up);
    let banner = banner_error(error);
    let query = use_query_map();
    let sent = move || query.with(|q| q.get("sent").is_some());
    view! {
        <Title text=t_string!(i18n, signup.title).to_string() />
        <section class="mx-auto max-w-lg rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
            <h1 class="text-2xl font-bold">{t!(i18n, signup.title)}</h1>
            <Show when=sent>
                <div role="status" class="mt-4 rounded-md border border-teal-300 bg-teal-50 p-4">
                    <h2 class="font-semibold">{t!(i18n, signup.sent_heading)}</h2>
                    <p class="mt-1 text-slate-700">{t!(i18n, signup.sent_body)}</p>
                </div>
            </Show>
            <Show when=move || !sent()>
            <p class="mt-2 text-slate-700">{t!(i18n, signup.intro)}</p>
            <ActionForm action=sign_up attr:class="mt-4 space-y-4" attr:novalidate="true">
                <FormError error=banner />
                <TextField name="organization" autocomplete="organization" error>
                    {t!(i18n, signup.organization)}
                </TextField>
                <TextField name="name" autocomplete="name" error>
                    {t!(i18n, signup.name)}
                </TextField>
                <TextField name="email" input_type="email" autocomplete="email" error>
                    {t!(i18n, signup.email)}
                </TextField>
                <TextField name="password" input_type="password" autocomplete="new-password" error>
                    {t!(i18n, signup.password)}
                </TextField>
                <p class="-mt-3 text-sm text-slate-600">{t!(i18n, invite.password_hint)}</p>
                <AgreeField error />
                <button
                    type="submit"
                    class=format!("w-full {PRIMARY_BUTTON}")
                    disabled=move || sign_up.pending().get()
                >
                    {t!(i18n, signup.submit)}
                </button>
            </ActionForm>
            </Show>
            <p class="mt-4 text-sm text-slate-600">
                {t!(i18n, signup.have_account)} " "
                <a class="text-teal-800 underline" href="/login">{t!(i18n, nav.sign_in)}</a>
            </p>
        </section>
    }
}

/// Where the link in the sign-up mail leads: one button starts the demo.
#[component]
pub fn ConfirmSignUpPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let token = move || params.with(|p| p.get("token").unwrap_or_default());
    let details = Resource::new(token, sign_up_details);
    let confirm = ServerAction::<ConfirmSignUp>::new();
    let error = action_error(confirm);
    let banner = banner_error(error);
    view! {
        <Title text=t_string!(i18n, signup.confirm_title).to_string() />
        <section class=CENTERED_CARD>
            <h1 class="text-2xl font-bold">{t!(i18n, signup.confirm_title)}</h1>
            <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    match details.await {
                        Ok(link) => view! {
                            <p class="mt-2 text-slate-700">
                                {t_string!(i18n, signup.confirm_intro).replace("%organization%", &link.organization)}
                            </p>
                            <p class="mt-1 text-sm text-slate-600">{link.name.clone()} " · " {link.email.clone()}</p>
                            <ActionForm action=confirm attr:class="mt-4 space-y-3">
                                <FormError error=banner />
                                <FieldError error field="organization" id="organization-error" />
                                <input type="hidden" name="token" value=token() />
                                <button
                                    type="submit"
                                    class=format!("w-full {PRIMARY_BUTTON}")
                                    disabled=move || confirm.pending().get()
                                >
                                    {t!(i18n, signup.confirm_submit)}
                                </button>
                            </ActionForm>
                        }.into_any(),
                        Err(error) => view! { <div class="mt-4"><LoadError error /></div> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}
