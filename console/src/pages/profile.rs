//! A factory's profile: a factory edits its own; the owner opens any by id.
//! Only the fields changed are sent, so a fact someone else vouches for is
//! never touched by saving the others.

use beltmart_contract::{ProfileEdit, SupplierProfile};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, Failure};
use crate::parts::{Problem, TextField};
use crate::texts::use_texts;

fn at(id: &str) -> String {
    beltmart_contract::path::CONSOLE_SUPPLIER.replace("{id}", id)
}

#[component]
pub fn ProfilePage(supplier: Option<String>) -> impl IntoView {
    let texts = use_texts();
    let fixed = supplier.is_some();
    let id = RwSignal::new(supplier.unwrap_or_default());
    let loaded = RwSignal::new(None::<SupplierProfile>);
    let failed = RwSignal::new(None::<Failure>);
    let load = move || {
        let wanted = id.get_untracked();
        failed.set(None);
        spawn_local(async move {
            match api::get::<SupplierProfile>(&at(&wanted)).await {
                Ok(profile) => loaded.set(Some(profile)),
                Err(failure) => {
                    loaded.set(None);
                    failed.set(Some(failure));
                }
            }
        });
    };
    if fixed {
        load();
    }
    view! {
        <section class="card">
            <h1>{move || texts().profile_title}</h1>
            <p class="muted">{move || texts().profile_hint}</p>
            {(!fixed)
                .then(|| {
                    view! {
                        <form
                            class="inline"
                            on:submit=move |ev| {
                                ev.prevent_default();
                                load();
                            }
                        >
                            <TextField label=move || texts().supplier_id name="supplier" value=id />
                            <button type="submit">{move || texts().load}</button>
                        </form>
                    }
                })}
            {move || failed.get().map(|failure| view! { <Problem failure=failure /> })}
            {move || loaded.get().map(|profile| view! { <ProfileForm profile=profile /> })}
        </section>
    }
}

#[component]
fn ProfileForm(profile: SupplierProfile) -> impl IntoView {
    let texts = use_texts();
    let facts = profile.facts.clone();
    let number = |value: Option<u32>| value.map(|v| v.to_string()).unwrap_or_default();
    let name = RwSignal::new(profile.name.clone());
    let founded = RwSignal::new(number(profile.founded));
    let staff = RwSignal::new(number(facts.staff.as_ref().map(|f| f.value)));
    let workshop = RwSignal::new(number(facts.workshop_m2.as_ref().map(|f| f.value)));
    let capacity = RwSignal::new(
        facts
            .annual_capacity
            .as_ref()
            .map(|f| f.value.clone())
            .unwrap_or_default(),
    );
    let saved = RwSignal::new(false);
    let failed = RwSignal::new(None::<Failure>);
    let before = StoredValue::new((
        profile.name.clone(),
        founded.get_untracked(),
        staff.get_untracked(),
        workshop.get_untracked(),
        capacity.get_untracked(),
    ));
    let id = profile.id.clone();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (was_name, was_founded, was_staff, was_workshop, was_capacity) = before.get_value();
        let changed = |now: String, was: String| (now != was).then_some(now);
        let parse = |text: Option<String>| text.and_then(|t| t.trim().parse::<u32>().ok());
        let edit = ProfileEdit {
            name: changed(name.get_untracked(), was_name),
            founded: parse(changed(founded.get_untracked(), was_founded)),
            staff: parse(changed(staff.get_untracked(), was_staff)),
            workshop_m2: parse(changed(workshop.get_untracked(), was_workshop)),
            annual_capacity: changed(capacity.get_untracked(), was_capacity),
            ..ProfileEdit::default()
        };
        let id = id.clone();
        saved.set(false);
        failed.set(None);
        spawn_local(async move {
            match api::send::<SupplierProfile>("PATCH", &at(&id), &edit).await {
                Ok(_) => {
                    before.set_value((
                        name.get_untracked(),
                        founded.get_untracked(),
                        staff.get_untracked(),
                        workshop.get_untracked(),
                        capacity.get_untracked(),
                    ));
                    saved.set(true);
                }
                Err(failure) => failed.set(Some(failure)),
            }
        });
    };
    let source = |evidence: Option<&beltmart_contract::Evidence>| {
        evidence
            .map(|e| format!("{} · {}", e.source, e.as_of))
            .unwrap_or_default()
    };
    let staff_source = source(facts.staff.as_ref().map(|f| &f.evidence));
    let workshop_source = source(facts.workshop_m2.as_ref().map(|f| &f.evidence));
    let capacity_source = source(facts.annual_capacity.as_ref().map(|f| &f.evidence));
    view! {
        <form on:submit=save>
            <p>
                <code>{profile.id.clone()}</code>
            </p>
            <TextField label=move || texts().name name="name" value=name required=true />
            <TextField label=move || texts().founded name="founded" value=founded numeric=true />
            <TextField
                label=move || texts().staff
                name="staff"
                value=staff
                numeric=true
                note=staff_source
            />
            <TextField
                label=move || texts().workshop_m2
                name="workshop_m2"
                value=workshop
                numeric=true
                note=workshop_source
            />
            <TextField
                label=move || texts().annual_capacity
                name="annual_capacity"
                value=capacity
                note=capacity_source
            />
            {move || failed.get().map(|failure| view! { <Problem failure=failure /> })}
            {move || {
                saved
                    .get()
                    .then(|| {
                        view! {
                            <p class="ok" role="status">
                                {texts().saved}
                            </p>
                        }
                    })
            }}
            <button type="submit" class="primary">
                {move || texts().save}
            </button>
        </form>
    }
}
