use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::signup::DemoSignUp;
use crate::components::errors::{action_error, banner_error, FormError};
use crate::components::form::{AgreeField, TextField, PRIMARY_BUTTON};
use crate::i18n::*;

/// A practice starts a fourteen-day demo on its own.
#[component]
pub fn SignUpPage() -> impl IntoView {
    let i18n = use_i18n();
    let sign_up = ServerAction::<DemoSignUp>::new();
    let error = action_error(sign_up);
    let banner = banner_error(error);
    view! {
        <Title text=t_string!(i18n, signup.title).to_string() />
        <section class="mx-auto max-w-lg rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
            <h1 class="text-2xl font-bold">{t!(i18n, signup.title)}</h1>
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
            <p class="mt-4 text-sm text-slate-600">
                {t!(i18n, signup.have_account)} " "
                <a class="text-teal-800 underline" href="/login">{t!(i18n, nav.sign_in)}</a>
            </p>
        </section>
    }
}
