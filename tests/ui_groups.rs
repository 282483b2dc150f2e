//! Group interactions in the window: a person's page says who else was
//! there and who of them reached out, and editing one from a person's
//! page keeps everyone else in it.

mod common;
mod window;

use kith::domain::{Channel, ContactDraft, ContactId, Initiator, InteractionDraft, Tone};
use kith::store::{NewContact, Store};
use kith::ui::Screen;

use window::{NOW, at, click, harness, shows};

fn add(store: &mut Store, name: &str) -> ContactId {
    store
        .add_contact(NewContact::new(ContactDraft::named(name)), at(NOW))
        .unwrap()
}

#[test]
fn a_persons_page_says_who_else_was_there_and_an_edit_keeps_them() {
    let mut store = Store::open_in_memory().unwrap();
    let ada = add(&mut store, "Ada Lovelace");
    let grace = add(&mut store, "Grace Hopper");
    let tom = add(&mut store, "Tom");
    let mut dinner = InteractionDraft::with_people(vec![ada, grace, tom], at("2026-11-20 19:30"));
    dinner.channel = Channel::InPerson;
    dinner.initiated_by = Initiator::Them;
    dinner.initiator = Some(grace);
    dinner.note = "Dinner at Grace's".into();
    store.log_interaction(dinner, at(NOW)).unwrap();
    let mut harness = harness(store, Screen::Person(ada));
    harness.run();
    assert!(shows(&harness, "with Grace Hopper and Tom"));
    assert!(shows(&harness, "Grace Hopper reached out"));

    click(&mut harness, "Edit…");
    click(&mut harness, "Positive");
    click(&mut harness, "Save");
    let saved = &harness.state().store().interactions_of(ada).unwrap()[0];
    assert_eq!(saved.fields.tone, Tone::Positive);
    assert_eq!(saved.fields.participants, [ada, grace, tom]);
    assert_eq!(saved.fields.initiator, Some(grace));
}
