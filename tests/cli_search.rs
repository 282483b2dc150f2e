//! `kith contact list --search TEXT --tag T --circle C --trust L`: the one
//! matcher the window uses too (accents and case ignored, every word
//! starting a word), and the filters beside it.

mod binary;

use binary::Kith;

fn names(kith: &Kith, args: &[&str]) -> Vec<String> {
    let mut all = vec!["contact", "list", "--json"];
    all.extend_from_slice(args);
    kith.json(&all)
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap().to_owned())
        .collect()
}

fn people() -> Kith {
    let kith = Kith::new();
    for args in [
        vec![
            "contact",
            "add",
            "Lucía Martínez",
            "--tag",
            "climbing",
            "--trust",
            "familiar",
        ],
        vec![
            "contact",
            "add",
            "Léa Dubois",
            "--circle",
            "professional",
            "--org",
            "Atelier Lyon",
        ],
        vec!["contact", "add", "Hiroshi Murphy", "--tag", "Climbing"],
        vec![
            "contact",
            "add",
            "Hiroshi Kim",
            "--notes",
            "Knows Lea from the bakery in Canada",
        ],
        vec![
            "contact",
            "add",
            "Søren Ærø",
            "--met-where",
            "Straße des 17. Juni",
        ],
        vec!["contact", "add", "Ada Lovelace", "--nickname", "Countess"],
    ] {
        kith.ok(&args);
    }
    kith
}

#[test]
fn search_forgives_case_and_accents_and_matches_word_starts() {
    let kith = people();
    assert_eq!(names(&kith, &["--search", "martinez"]), ["Lucía Martínez"]);
    assert_eq!(names(&kith, &["--search", "MARTÍNEZ"]), ["Lucía Martínez"]);
    // A name match ranks above a match in someone's notes.
    assert_eq!(
        names(&kith, &["--search", "lea"]),
        ["Léa Dubois", "Hiroshi Kim"]
    );
    assert_eq!(names(&kith, &["--search", "hiro mu"]), ["Hiroshi Murphy"]);
    assert_eq!(names(&kith, &["--search", "mu hiro"]), ["Hiroshi Murphy"]);
    assert_eq!(names(&kith, &["--search", "soren aero"]), ["Søren Ærø"]);
    assert_eq!(names(&kith, &["--search", "strasse"]), ["Søren Ærø"]);
    assert_eq!(names(&kith, &["--search", "countess"]), ["Ada Lovelace"]);
    assert_eq!(names(&kith, &["--search", "atelier"]), ["Léa Dubois"]);
    // Inside a word is not a match: "ada" is not in Canada.
    assert_eq!(names(&kith, &["--search", "ada"]), ["Ada Lovelace"]);
    assert!(names(&kith, &["--search", "roshi"]).is_empty());
    let text = kith.ok(&["contact", "list", "--search", "nothing like it"]);
    assert_eq!(text, "No one matches.\n");
    // A row found by its notes shows where.
    let text = kith.ok(&["contact", "list", "--search", "bakery"]);
    assert!(
        text.contains("found: Knows Lea from the bakery in Canada"),
        "{text}"
    );
}

#[test]
fn filters_narrow_the_list_alone_or_with_a_search() {
    let kith = people();
    assert_eq!(
        names(&kith, &["--tag", "climbing"]),
        ["Hiroshi Murphy", "Lucía Martínez"]
    );
    assert_eq!(
        names(&kith, &["--tag", "CLIMBING", "--trust", "familiar"]),
        ["Lucía Martínez"]
    );
    assert_eq!(names(&kith, &["--circle", "professional"]), ["Léa Dubois"]);
    assert_eq!(
        names(&kith, &["--search", "hiro", "--tag", "climbing"]),
        ["Hiroshi Murphy"]
    );
    assert_eq!(names(&kith, &["--trust", "3"]), ["Lucía Martínez"]);
    kith.fails(2, &["contact", "list", "--circle", "inner"]);
    kith.fails(2, &["contact", "list", "--trust", "9"]);
}
