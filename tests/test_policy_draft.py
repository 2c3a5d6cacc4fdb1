"""``piiaudit policy draft`` and ``policy diff``: a privacy policy's own text → a policy file, construct by construct.

Each construct is drafted from a small policy text written here; every draft must pass ``policy check``
(schema, category keys, every quote verbatim in the source). The seeds are scored against their hand
translations, and three realistic policies of other layouts (tests/policies/) against the pairs a
careful reader finds in them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from piiaudit.scanner.cli import main
from piiaudit.scanner.policy.diff import Coverage, coverage, score, score_coverage
from piiaudit.scanner.policy.document import load_policy
from piiaudit.scanner.policy.draft import draft_file
from piiaudit.scanner.policy.facts import parse_date
from piiaudit.scanner.policy.phrases import PhraseError, load_phrase_book
from piiaudit.scanner.policy.taxonomy import default_taxonomy, package_data
from piiaudit.scanner.policy.text import read_document, repair_mojibake

from .conftest import ROOT, SAMPLE

SEEDS = ROOT / "docs" / "seed-policies"
CYTRACK_TEXT = SEEDS / "cytrack-privacy-policy-2018-06-26.txt"
CYTRACOM_TEXT = SEEDS / "cytracom-privacy-policy-2019-08-09.txt"
POLICIES = SAMPLE / "policies"
REALISTIC = Path(__file__).parent / "policies"


def draft(tmp_path: Path, text: str | bytes, name: str = "policy.txt", **options) -> dict:
    """Draft ``text`` saved as ``name``; the draft must pass ``policy check``. Returns it as data."""
    source = tmp_path / name
    if isinstance(text, bytes):
        source.write_bytes(text)
    else:
        source.write_text(text, encoding="utf-8")
    output = tmp_path / f"{source.stem}.draft.yaml"
    result = draft_file(source, output, **options)
    output.write_text(result.text, encoding="utf-8")
    load_policy(output)  # raises PolicyError with every problem: schema, keys, quotes not verbatim
    return yaml.safe_load(result.text)


def categories(policy: dict, subject: str | None = None) -> set[str]:
    return {c for d in policy["declarations"] if subject is None or subject in d["subjects"] for c in d["categories"]}


def quotes(policy: dict) -> list[str]:
    return [d["quote"]["text"] for d in policy["declarations"]]


def subject_named(policy: dict, name: str) -> str:
    return next(s["id"] for s in policy["subjects"] if s["name"] == name)


# ---------------------------------------------------------------------------------------------- constructs


def test_bullet_list_after_a_collection_sentence(tmp_path):
    policy = draft(
        tmp_path,
        "# Privacy Policy\n\nWhen you open an account we collect the following information:\n\n"
        "- your full name\n- your e-mail address\n- your mobile phone number\n\n"
        "We use it to run the service.\n",
        "policy.md",
    )
    assert quotes(policy) == ["your full name", "your e-mail address", "your mobile phone number"]
    assert [d["categories"] for d in policy["declarations"]] == [
        ["user.name"],
        ["user.contact.email"],
        ["user.contact.phone_number"],
    ]
    (subject,) = policy["subjects"]  # the text names no groups of people: one subject for everyone
    assert all(d["subjects"] == [subject["id"]] for d in policy["declarations"])
    assert subject["name"] == "Users" and "no separate groups" in subject["description"]


def test_list_items_that_start_like_a_verb_are_still_items(tmp_path):
    policy = draft(
        tmp_path,
        "We collect the following:\n\n- Login information (e.g., username, password)\n- Billing information\n"
        "- Browsing history\n",
        "p.md",
    )
    assert [d["categories"] for d in policy["declarations"]] == [
        ["user.authorization.credentials", "user.account.username", "user.authorization.password"],
        ["user.financial"],
        ["user.behavior.browsing_history"],
    ]


def test_bullets_under_a_collection_heading_with_bold_labels(tmp_path):
    policy = draft(
        tmp_path,
        "## Information we collect\n\n"
        "- **Account data:** your name and e-mail address.\n"
        "- **Device data:** IP address, browser type and operating system.\n",
        "policy.md",
    )
    account, device = policy["declarations"]
    assert account["categories"] == ["user.account", "user.name", "user.contact.email"]
    assert account["quote"]["text"] == "Account data: your name and e-mail address."
    assert {"user.device", "user.device.ip_address"} <= set(device["categories"])
    assert account["quote"]["section"] == "Information we collect"


def test_a_list_announced_as_follows_and_this_may_include(tmp_path):
    """The UK template ("… grouped together as follows:", "Identity Data includes …") and "This may include:"."""
    policy = draft(
        tmp_path,
        "# Privacy notice\n\n**Who we are**\n\nBrambleway Books Ltd sells books.\n\n**Your data**\n\n"
        "We may collect, use, store and transfer different kinds of personal data about you which we have grouped "
        "together as follows:\n\n- **Identity Data** includes first name, last name and date of birth.\n"
        "- **Contact Data** includes delivery address and telephone numbers.\n\n"
        "When you subscribe to our newsletter we ask for your email address. This may include:\n\n"
        "- your reading interests\n",
        "notice.md",
    )
    identity, contact, email, interests = policy["declarations"]
    assert identity["categories"] == ["user.name.first", "user.name.last", "user.demographic.date_of_birth"]
    assert contact["categories"] == ["user.contact", "user.contact.address", "user.contact.phone_number"]
    assert email["categories"] == ["user.contact.email"] and interests["categories"] == ["user.demographic.profile"]
    assert identity["quote"]["section"] == "Your data"  # bold lines are sibling headings


def test_such_as_and_eg_enumerations_give_the_broad_key_and_each_example(tmp_path):
    policy = draft(
        tmp_path,
        "We collect contact information such as your postal address and telephone number. "
        "When you buy a subscription we also collect payment details (e.g., card number, expiry date).",
    )
    contact, payment = policy["declarations"]
    assert contact["categories"] == ["user.contact", "user.contact.address", "user.contact.phone_number"]
    assert payment["categories"] == ["user.financial", "user.financial.credit_card"]
    assert contact["quote"]["text"].startswith("We collect contact information such as")


def test_a_list_of_items_in_a_sentence_gives_one_declaration_each(tmp_path):
    policy = draft(tmp_path, "We collect your name, your date of birth and your gender when you register.")
    assert [d["item"] for d in policy["declarations"]] == ["your name", "your date of birth", "your gender"]
    assert [d["categories"] for d in policy["declarations"]] == [
        ["user.name"],
        ["user.demographic.date_of_birth"],
        ["user.demographic.gender"],
    ]


def test_subject_table_flattened_to_text(tmp_path):
    """A GDPR table saved as text: a subject line, its data items, then its purposes and legal bases."""
    policy = draft(
        tmp_path,
        "Acme Shop Privacy Notice\n\n2. Personal data we process\n\n"
        "Data subject category Personal data Purposes Legal basis\n"
        "Customers\n  • your name\n  • your delivery address\n  • your order history\n"
        "  • delivering your orders\n  • sending you invoices\n  • performance of a contract\n\n"
        "Newsletter subscribers\n\n  • your e-mail address\n  • sending our newsletter\n  • your consent\n",
    )
    customers, subscribers = subject_named(policy, "Customers"), subject_named(policy, "Newsletter subscribers")
    assert categories(policy, customers) == {
        "user.name",
        "user.contact.address",
        "user.behavior.purchase_history",
    }
    assert categories(policy, subscribers) == {"user.contact.email"}
    first = policy["declarations"][0]
    assert first["purposes"] == ["delivering your orders", "sending you invoices"]
    assert first["legal_basis"] == ["performance of a contract"]
    assert policy["declarations"][-1]["legal_basis"] == ["your consent"]
    assert first["quote"]["section"] == "2. Personal data we process"


def test_subject_table_in_markdown_with_purpose_basis_and_retention_columns(tmp_path):
    policy = draft(
        tmp_path,
        "# Privacy policy\n\n"
        "| Who | Personal data | Purpose | Lawful basis | How long we keep it |\n"
        "|---|---|---|---|---|\n"
        "| Members | Name, email address, date of birth | Running your membership | Contract | 2 years |\n"
        "| Job applicants | CV, references | Recruitment | Legitimate interests | 6 months |\n",
        "policy.md",
    )
    members, applicants = subject_named(policy, "Members"), subject_named(policy, "Job applicants")
    assert categories(policy, members) == {"user.name", "user.contact.email", "user.demographic.date_of_birth"}
    assert "user.job_title" in categories(policy, applicants)  # a CV: professional data
    row = next(d for d in policy["declarations"] if members in d["subjects"])
    assert (row["purposes"], row["legal_basis"], row["retention"]) == (
        ["Running your membership"],
        ["Contract"],
        "2 years",
    )
    assert {s["id"]: s.get("fides_subject") for s in policy["subjects"]} == {
        members: "customer",
        applicants: "job_applicant",
    }


def test_subject_table_in_html_with_lists_in_cells(tmp_path):
    policy = draft(
        tmp_path,
        "<h1>Privacy notice</h1><h2>What we process</h2><table>"
        "<tr><th>Data subjects</th><th>Personal data</th><th>Purposes</th><th>Legal basis</th>"
        "<th>Retention period</th></tr>"
        "<tr><td>Employees</td><td><ul><li>Name and home address</li><li>Bank account details</li>"
        "<li>Sick leave records</li></ul></td><td>Payroll</td><td>Contract; legal obligation</td><td>7 years</td></tr>"
        "<tr><td>Website visitors</td><td>IP address<br>Cookie identifiers</td><td>Security</td>"
        "<td>Legitimate interests</td><td>30 days</td></tr></table>",
        "notice.html",
    )
    assert categories(policy, "employees") == {
        "user.name",
        "user.contact.address",
        "user.financial.bank_account",
        "user.health_and_medical",
    }
    assert categories(policy, "website_visitors") >= {"user.device.ip_address", "user.device.cookie_id"}
    payroll = policy["declarations"][0]
    assert (payroll["purposes"], payroll["legal_basis"], payroll["retention"]) == (
        ["Payroll"],
        ["Contract", "legal obligation"],
        "7 years",
    )
    assert policy["declarations"][0]["quote"] == {"section": "What we process", "text": "Name"}


def test_table_rows_marked_not_collected_are_not_declared(tmp_path):
    policy = draft(
        tmp_path,
        "<h1>Privacy notice</h1><table><tr><th>Category</th><th>Examples</th><th>Collected</th></tr>"
        "<tr><td>Identifiers</td><td>Email address, account name</td><td>YES</td></tr>"
        "<tr><td>Biometric information</td><td>Fingerprints and voiceprints</td><td>NO</td></tr></table>",
        "notice.html",
    )
    assert categories(policy) == {"user.unique_id", "user.contact.email", "user.account.username"}
    assert policy["unmatched"][0]["note"] == "the table says this is not collected"


def test_headings_naming_groups_of_people_make_subjects(tmp_path):
    policy = draft(
        tmp_path,
        "# Privacy notice\n\nWe are the controller of your personal data.\n\n"
        "## Patients\n\nWe collect your medical history and your health insurance number.\n\n"
        "## Website visitors\n\nOur website collects your IP address.\n\n"
        "## Your rights\n\nYou have the right to access your data.\n",
        "notice.md",
    )
    assert [s["name"] for s in policy["subjects"]] == ["Patients", "Website visitors"]
    assert categories(policy, "patients") == {
        "user.health_and_medical",
        "user.health_and_medical.insurance_beneficiary_id",
    }
    assert categories(policy, "website_visitors") == {"user.device.ip_address"}
    assert [s["fides_subject"] for s in policy["subjects"]] == ["patient", "visitor"]


def test_a_condition_naming_a_group_makes_a_subject(tmp_path):
    policy = draft(
        tmp_path,
        "We collect your e-mail address. If you are a job applicant, we collect your CV and your references.",
    )
    assert [s["name"] for s in policy["subjects"]] == ["job applicants", "Users"]
    assert categories(policy, "job_applicants") == {"user.job_title"}
    assert categories(policy, "users") == {"user.contact.email"}


def test_a_scope_sentence_naming_roles_makes_subjects(tmp_path):
    policy = draft(
        tmp_path,
        "This policy applies to personal information of our customers, suppliers and visitors. "
        "We collect your e-mail address.",
    )
    assert [s["name"] for s in policy["subjects"]] == ["customers", "suppliers", "visitors"]
    (declaration,) = policy["declarations"]
    assert declaration["subjects"] == ["customers", "suppliers", "visitors"]


def test_exclusions_and_the_audience_age(tmp_path):
    policy = draft(
        tmp_path,
        "We collect your name. Our services are not intended for children under 16. "
        "We do not knowingly collect personal information from children under 16. "
        "We do not collect your precise location.",
    )
    assert policy["audience_min_age"] == 16
    assert policy["audience_quote"]["text"] == "Our services are not intended for children under 16."
    children, location = policy["exclusions"]
    assert children == {
        "id": "no-children-under-16",
        "subjects": [],
        "categories": ["user.childrens"],
        "quote": {"section": "", "text": "We do not knowingly collect personal information from children under 16."},
    }
    assert location["categories"] == ["user.location.precise"] and "promise" in location["review"]
    assert categories(policy) == {"user.name"}  # what is not collected is never declared


def test_an_exclusion_lists_what_its_brackets_name(tmp_path):
    policy = draft(
        tmp_path,
        "We collect your name. We do not collect any special categories of personal data about you (this "
        "includes your religious beliefs, health and genetic data).",
    )
    (exclusion,) = policy["exclusions"]
    assert exclusion["categories"] == [
        "user.demographic.religious_belief",
        "user.health_and_medical",
        "user.health_and_medical.genetic",
    ]


def test_an_exclusion_with_an_exception_is_left_to_the_reviewer(tmp_path):
    policy = draft(tmp_path, "We collect your name. We do not collect your address, except when you order by post.")
    assert "exclusions" not in policy
    assert any("exception" in u["note"] for u in policy["unmatched"])


def test_what_others_collect_is_not_declared(tmp_path):
    policy = draft(
        tmp_path,
        "We collect your e-mail address. Third parties such as advertising networks may collect your IP address "
        "and device identifiers. We may permit our partners to collect your browsing history. "
        "Analytics providers collect information about how you use the site for their own purposes.",
    )
    assert categories(policy) == {"user.contact.email"}
    notes = {u["text"]: u["note"] for u in policy["unmatched"]}
    assert any(text.startswith("Third parties") and "not by the organisation" in note for text, note in notes.items())


def test_opt_out_instructions_are_not_declarations(tmp_path):
    policy = draft(
        tmp_path,
        "We collect your name. You may opt out of the collection of precise location data in your device settings. "
        "You can unsubscribe from marketing e-mails at any time. If you do not want us to collect your "
        "phone number, leave the field empty.",
    )
    assert categories(policy) == {"user.name"}
    assert any("opt-out" in u["note"] and "precise" in u["text"] for u in policy["unmatched"])


def test_information_provided_to_us_by_you_or_a_sign_in_service_is_collected(tmp_path):
    policy = draft(
        tmp_path,
        "You provide us with your billing address when you order. "
        "If you sign in with Google, Google shares your name and profile picture with us.",
    )
    assert categories(policy) == {"user.contact.address", "user.name", "user.content.self_image"}


def test_cookie_statements_declare_cookies_but_cookie_choices_do_not(tmp_path):
    policy = draft(tmp_path, "We use cookies and web beacons on our website. You can block cookies in your browser.")
    assert categories(policy) == {"user.device.cookie"}
    assert quotes(policy) == ["We use cookies and web beacons on our website."]


def test_cookie_banner_boilerplate_in_a_text_is_not_a_declaration(tmp_path):
    policy = draft(
        tmp_path,
        "This website uses cookies to give you the best experience. By continuing to browse, you agree to our "
        "use of cookies.\n\nPrivacy Policy\n\nWe collect your e-mail address.\n",
    )
    assert categories(policy) == {"user.contact.email"}


def test_uses_of_the_collected_information_become_purposes(tmp_path):
    policy = draft(
        tmp_path,
        "We collect your e-mail address. We use the information we collect to: send receipts; answer your "
        "questions; and improve our products.",
    )
    (declaration,) = policy["declarations"]
    assert declaration["purposes"] == ["send receipts", "answer your questions", "improve our products"]


def test_retention_statement_is_attached(tmp_path):
    policy = draft(
        tmp_path,
        "# Policy\n\nWe collect your name.\n\n## How long we keep data\n\n"
        "We keep your data for as long as your account is open. Backups are deleted after 90 days.\n",
        "p.md",
    )
    assert policy["declarations"][0]["retention"] == (
        "We keep your data for as long as your account is open. Backups are deleted after 90 days."
    )


def test_conditions_and_legal_basis_prefixes_are_kept(tmp_path):
    policy = draft(
        tmp_path,
        "If you use our mobile app, additional information collected from you may include: your geolocation; "
        "and with your express consent, your contacts.",
    )
    location, contacts = policy["declarations"]
    assert location["categories"] == ["user.location"] and "only when: If you use our mobile app" in location["review"]
    assert contacts["legal_basis"] == ["with your express consent"] and contacts["categories"] == ["user.contact"]


def test_review_notes_name_the_words_and_candidate_keys(tmp_path):
    policy = draft(tmp_path, "We collect your voice. We collect your browser type and version.")
    voice, browser = policy["declarations"]
    assert voice["categories"] == ["user.content.voice_recording"]
    assert "'voice' could also be: user.biometric.voice" in voice["review"]
    assert browser["categories"] == ["user.device.browser"]


def test_sentences_naming_no_category_are_listed_unmatched(tmp_path):
    policy = draft(tmp_path, "We collect your name. We collect information about your pets.")
    assert categories(policy) == {"user.name"}
    (unmatched,) = policy["unmatched"]
    assert unmatched == {
        "section": "",
        "text": "We collect information about your pets.",
        "note": "no data category for: pets",
    }


def test_document_facts(tmp_path):
    policy = draft(
        tmp_path,
        "# Privacy Notice\n\nVersion 2.1\n\nLast updated: March 3rd, 2024\n\n"
        "Bright Path GmbH (“Bright Path”, “we”) runs an online tutoring service. We collect your name.\n",
        "notice.md",
    )
    assert policy["organization"] == "Bright Path GmbH"
    assert policy["document"]["title"] == "Privacy Notice"
    assert policy["document"]["version"] == "2.1"
    assert policy["document"]["last_updated"] == "2024-03-03"
    assert policy["document"]["source"] == "notice.md"  # relative to the draft file


@pytest.mark.parametrize(
    ("text", "expected"),
    [("26 June 2018", "2018-06-26"), ("August 9th, 2019", "2019-08-09"), ("2021-11-30", "2021-11-30"), ("soon", None)],
)
def test_dates(text, expected):
    assert parse_date(text) == expected


# ---------------------------------------------------------------------------------------------- formats


PAGE = """<!DOCTYPE html><html><head><title>Privacy | Orbit Travel</title>
<meta property="og:site_name" content="Orbit Travel">
<script>var form = "We collect your passport number";</script><style>p { color: red }</style></head>
<body><header><nav><a href="/account">Account</a> <a href="/login">Log in with your e-mail address</a></nav></header>
<div id="cookie-consent"><p>We use cookies to collect information about your browsing. Accept?</p></div>
<main><h1>Privacy Policy</h1>
<p>When you book a trip we collect your name, your passport number and your date of birth.</p>
<h2>Travellers</h2><ul><li>your seat preferences</li><li>your <strong>frequent flyer</strong> number</li></ul>
</main>
<footer><form><label>Newsletter: enter your e-mail address</label></form><p>We collect your IP address.</p></footer>
</body></html>"""


def test_html_page_without_navigation_scripts_banners_and_footer(tmp_path):
    policy = draft(tmp_path, PAGE, "privacy.html")
    assert policy["organization"] == "Orbit Travel"
    assert policy["document"]["title"] == "Privacy Policy"
    found = categories(policy)
    assert {"user.name", "user.government_id.passport_number", "user.demographic.date_of_birth"} <= found
    assert not found & {"user.device.ip_address", "user.contact.email", "user.device.cookie"}
    text = read_document(tmp_path / "privacy.html").text
    assert "cookies" not in text and "Newsletter" not in text and "var form" not in text


def test_a_page_whose_content_sits_in_a_furniture_class_is_still_read(tmp_path):
    page = "<html><body><div class='menu-wrapper'><h1>Privacy</h1><p>We collect your e-mail address.</p></div></body>"
    assert categories(draft(tmp_path, page, "p.html")) == {"user.contact.email"}


def test_the_one_subject_is_named_by_the_group_the_text_speaks_of(tmp_path):
    policy = draft(tmp_path, "Customers can order online. We collect the delivery address of our customers.")
    assert [s["name"] for s in policy["subjects"]] == ["Customers"]


def test_markdown_markup_is_not_part_of_the_quotes(tmp_path):
    policy = draft(tmp_path, "We collect your **e-mail address** and [your phone number](#phone).", "p.md")
    assert quotes(policy) == ["We collect your e-mail address and your phone number."] * 2


def test_mac_roman_and_windows_1252_mojibake_are_repaired(tmp_path):
    text = "Acme LLC (‚ÄúAcme‚ÄĚ) collects your customer‚Äôs phone number.¬†Acme also collects the cardholder‚Äôs name."
    policy = draft(tmp_path, text)
    assert policy["organization"] == "Acme LLC"
    assert quotes(policy)[0] == "Acme LLC (“Acme”) collects your customer’s phone number."
    policy = draft(tmp_path, "Brightâ€™s app collects your date of birth â€“ and your gender.".encode())
    assert quotes(policy)[0] == "Bright’s app collects your date of birth – and your gender."
    assert (tmp_path / "policy.txt").read_bytes().count("â€".encode()) == 2  # the source is never changed


def test_repair_leaves_correct_text_alone():
    assert repair_mojibake("naïve café, Ärger, £5 – “quoted”") == "naïve café, Ärger, £5 – “quoted”"
    assert repair_mojibake("Ã©tÃ© â€œyesâ€\x9d ‚Äú") == "été “yes” “"


def test_words_run_together_are_read_apart(tmp_path):
    policy = draft(
        tmp_path, "We may collect the followinginformation: Yourtelephone number; IPaddress; mailingaddress."
    )
    assert [d["categories"] for d in policy["declarations"]] == [
        ["user.contact.phone_number"],
        ["user.device.ip_address"],
        ["user.contact.address"],
    ]
    assert "run together" in policy["declarations"][0]["review"]


# ---------------------------------------------------------------------------------------------- phrase book


def test_phrase_file_extends_the_mapping(tmp_path):
    phrases = tmp_path / "phrases.yaml"
    phrases.write_text("categories:\n  user.demographic.profile: [pets]\n")
    policy = draft(tmp_path, "We collect information about your pets.", phrases=[phrases])
    assert categories(policy) == {"user.demographic.profile"}


def test_phrase_file_with_an_unknown_category_is_an_error(tmp_path):
    phrases = tmp_path / "phrases.yaml"
    phrases.write_text("categories:\n  user.pets: [pets]\n")
    with pytest.raises(PhraseError, match=r"unknown data category 'user\.pets'"):
        load_phrase_book(default_taxonomy(), [phrases])
    (tmp_path / "p.txt").write_text("We collect your name.")
    result = CliRunner().invoke(main, ["policy", "draft", str(tmp_path / "p.txt"), "--phrases", str(phrases)])
    assert result.exit_code == 2 and "unknown data category 'user.pets'" in result.output
    assert "Traceback" not in result.output


def test_a_new_taxonomy_key_is_found_by_its_own_name():
    """Keys come from the taxonomy: an extension user.device.browser ("Web browser") beats the broad curated phrase."""
    taxonomy = default_taxonomy().with_extensions(
        [{"key": "user.device.browser", "parent": "user.device", "name": "Web browser"}]
    )
    book = load_phrase_book(taxonomy)
    assert [m.key for m in book.find("browser type and version")] == ["user.device.browser"]
    assert [m.key for m in load_phrase_book(default_taxonomy()).find("browser type and version")] == [
        "user.device.browser"  # shipped in taxonomy_extensions.yaml
    ]


def test_shipped_phrases_name_known_keys_and_each_phrase_one_category():
    data = package_data("category_phrases.yaml")
    taxonomy = default_taxonomy()
    seen: dict[str, str] = {}
    for key, phrases in data["categories"].items():
        assert key in taxonomy, key
        for phrase in phrases:
            assert phrase not in seen or phrase in data["ambiguous"], (phrase, key, seen.get(phrase))
            seen[phrase] = key
    assert all(k in taxonomy for keys in data["ambiguous"].values() for k in keys)


# ---------------------------------------------------------------------------------------------- diff and score


def write_policy(path: Path, subjects: list[tuple[str, str]], declarations: list[tuple[str, list[str], str]]) -> Path:
    path.write_text(
        yaml.safe_dump(
            {
                "policy_format": 1,
                "taxonomy": "fideslang@3.1.4",
                "organization": "Test",
                "subjects": [{"id": i, "name": n, "role": "controller"} for i, n in subjects],
                "declarations": [
                    {"id": f"d{n}", "subjects": [s], "categories": c, "quote": {"text": q}}
                    for n, (s, c, q) in enumerate(declarations)
                ],
            },
            allow_unicode=True,
        )
    )
    return path


def test_policy_diff_per_subject(tmp_path):
    a = write_policy(
        tmp_path / "a.yaml",
        [("customers", "Customers"), ("staff", "Staff")],
        [
            ("customers", ["user.name"], "your name"),
            ("customers", ["user.contact.email"], "e-mail"),
            ("staff", ["user.name"], "name"),
        ],
    )
    b = write_policy(
        tmp_path / "b.yaml",
        [("clients", "customers"), ("visitors", "Visitors")],
        [("clients", ["user.name"], "your full name"), ("clients", ["user.device.ip_address"], "IP")],
    )
    result = CliRunner().invoke(main, ["policy", "diff", str(a), str(b)])
    assert result.exit_code == 1, result.output
    out = result.output
    assert "subject customers (Customers) = clients (customers)" in out  # paired by name
    assert "  - user.contact.email  'e-mail'" in out and "  + user.device.ip_address  'IP'" in out
    assert "  ~ user.name" in out and "A: 'your name'" in out and "B: 'your full name'" in out
    assert "subject staff (Staff): only in A" in out and "subject visitors (Visitors): only in B" in out
    data = json.loads(CliRunner().invoke(main, ["policy", "diff", str(a), str(b), "--json", "--score"]).output)
    assert data["subjects"][0]["only_a"] == {"user.contact.email": ["e-mail"]}
    assert data["score"]["precision"] == pytest.approx(1 / 3, abs=1e-3)
    assert data["score"]["recall"] == pytest.approx(1 / 2, abs=1e-3)
    same = CliRunner().invoke(main, ["policy", "diff", str(a), str(a)])
    assert same.exit_code == 0 and "no differences" in same.output
    (tmp_path / "bad.yaml").write_text("policy_format: 2\n")
    assert CliRunner().invoke(main, ["policy", "diff", str(a), str(tmp_path / "bad.yaml")]).exit_code == 2


def test_score_counts_one_level_off_as_found():
    draft_ = [Coverage("u", "Users", frozenset({"user.contact", "user.device.cookie", "user.name"}))]
    reference = [Coverage("users", "users", frozenset({"user.contact.email", "user.device", "user.location"}))]
    result = score_coverage(draft_, reference)
    assert result.extra == [("u", "user.name")] and result.missed == [("users", "user.location")]
    assert (result.precision, result.recall) == (2 / 3, 2 / 3)


# ---------------------------------------------------------------------------------------------- end to end


def folded_mobile_channel(policy_path: Path, tmp_path: Path) -> Path:
    """Cytracom's hand translation with its mobile list read as a channel, not a subject (issue 12): the
    mobile declarations apply to everyone the policy covers. A no-op once the translation says so itself."""
    data = yaml.safe_load(policy_path.read_text(encoding="utf-8"))
    if not any(s["id"] == "mobile_users" for s in data["subjects"]):
        return policy_path
    data["subjects"] = [s for s in data["subjects"] if s["id"] != "mobile_users"]
    everyone = [s["id"] for s in data["subjects"]]
    for declaration in data["declarations"]:
        declaration["subjects"] = everyone if "mobile_users" in declaration["subjects"] else declaration["subjects"]
    data["document"]["source"] = str((policy_path.parent / data["document"]["source"]).resolve())
    folded = tmp_path / "cytracom-channel.yaml"
    folded.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return folded


@pytest.fixture(scope="module")
def seed_drafts(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("seeds")
    drafts = {}
    for name, text in (("cytrack", CYTRACK_TEXT), ("cytracom", CYTRACOM_TEXT)):
        drafts[name] = out / f"{name}-draft.yaml"
        result = CliRunner().invoke(main, ["policy", "draft", str(text), "-o", str(drafts[name])])
        assert result.exit_code == 0, result.output
    return drafts


def test_seed_drafts_pass_policy_check(seed_drafts):
    result = CliRunner().invoke(main, ["policy", "check", *map(str, seed_drafts.values())])
    assert result.exit_code == 0, result.output
    assert "Cytrack, 5 subjects" in result.output and "Cytracom LLC, 3 subjects" in result.output
    cytracom = yaml.safe_load(seed_drafts["cytracom"].read_text(encoding="utf-8"))
    assert [s["name"] for s in cytracom["subjects"]] == ["Customers", "Resellers", "visitors"]  # "whether as a …"


def test_cytrack_draft_against_the_hand_translation(seed_drafts):
    result = score(load_policy(seed_drafts["cytrack"]), load_policy(POLICIES / "cytrack.yaml"))
    assert result.recall >= 0.9 and result.precision >= 0.8, (result.extra, result.missed)
    draft_ = yaml.safe_load(seed_drafts["cytrack"].read_text(encoding="utf-8"))
    assert [s["name"] for s in draft_["subjects"]] == [
        "End Users’ employees",
        "End Users’ customers",
        "Potential Clients",
        "Clients’ employees (including participants in Cytrack’s events)",
        "Users of our Website",
    ]
    assert [s["role"] for s in draft_["subjects"]] == [
        "processor",
        "processor",
        "controller",
        "controller",
        "controller",
    ]
    assert draft_["audience_min_age"] == 16 and draft_["exclusions"][0]["categories"] == ["user.childrens"]
    assert draft_["document"] | {"source": None} == {
        "title": "Cytrack Data Privacy Policy",
        "version": "CQT 390 -1 – 050621",
        "last_updated": "2018-06-26",
        "source": None,
    }
    assert all(d["retention"].startswith("It is our policy to retain") for d in draft_["declarations"])


def test_cytracom_draft_against_the_hand_translation(seed_drafts, tmp_path):
    reference = folded_mobile_channel(POLICIES / "cytracom.yaml", tmp_path)
    result = score(load_policy(seed_drafts["cytracom"]), load_policy(reference))
    assert result.recall >= 0.9 and result.precision >= 0.8, (result.extra, result.missed)
    draft_ = yaml.safe_load(seed_drafts["cytracom"].read_text(encoding="utf-8"))
    assert draft_["organization"] == "Cytracom LLC" and draft_["audience_min_age"] == 13
    assert draft_["document"]["last_updated"] == "2019-08-09"
    texts = " ".join(quotes(draft_))
    assert "opt out" not in texts and "third parties to collect" not in texts  # choices and others' collection
    login = next(d for d in draft_["declarations"] if d["item"].startswith("Login information"))
    assert login["categories"] == [
        "user.authorization.credentials",
        "user.account.username",
        "user.authorization.password",
    ]
    uses = draft_["declarations"][0]["purposes"]  # "We use the information we collect or track about you to: …"
    assert uses[0] == "Assess your website’s suitability" and len(uses) == 16


EXPECTED = {
    "greenleaf-grocers.txt": {
        "Everyone the policy covers": {
            "user.name",
            "user.contact.email",
            "user.contact.address",
            "user.contact.phone_number",
            "user.demographic.date_of_birth",
            "user.financial.credit_card",
            "user.device",
            "user.device.ip_address",
            "user.device.device_id",
            "user.behavior",
            "user.behavior.browsing_history",
            "user.behavior.purchase_history",
            "user.location",
            "user.location.precise",
            "user.demographic",
            "user.demographic.profile",
        }
    },
    "kestrel-bank.html": {
        "customers": {
            "user.name",
            "user.demographic.date_of_birth",
            "user.demographic",
            "user.government_id.passport_number",
            "user.government_id.drivers_license_number",
            "user.contact",
            "user.contact.address",
            "user.contact.email",
            "user.contact.phone_number",
            "user.financial",
            "user.behavior",
            "user.behavior.purchase_history",
            "user.job_title",
            "user.device",
            "user.device.ip_address",
            "user.device.device_id",
            "user.content.voice_recording",
            "user.authorization.credentials",
        },
        "Guarantors": {"user.name", "user.contact.address", "user.financial"},
    },
    "quill-editor.md": {
        "Everyone the policy covers": {
            "user.telemetry",
            "user.device",
            "user.device.device_id",
            "user.content",
            "user.contact.email",
            "user.authorization.password",
        }
    },
    "pinecrest-apps.html": {
        "Everyone the policy covers": {
            "user.name",
            "user.contact",
            "user.contact.phone_number",
            "user.contact.email",
            "user.contact.address",
            "user.account.username",
            "user.authorization.password",
            "user.demographic.date_of_birth",
            "user.demographic.gender",
            "user.device",
            "user.device.ip_address",
            "user.device.cookie",
            "user.unique_id",
            "user.behavior",
            "user.behavior.browsing_history",
            "user.location",
        }
    },
    "lumen-notes.md": {
        "Everyone the policy covers": {
            "user.name",
            "user.contact.email",
            "user.authorization.password",
            "user.contact.address",
            "user.financial",
            "user.financial.credit_card",
            "user.content",
            "user.content.voice_recording",
            "user.content.private",
            "user.content.screen_recording",
            "user.device",
            "user.device.device_id",
            "user.device.ip_address",
            "user.behavior",
            "user.behavior.browsing_history",
            "user.location.imprecise",
            "user.device.cookie",
            "user.content.self_image",
        }
    },
    "harbor-dental.html": {
        "Patients": {
            "user.name",
            "user.demographic.date_of_birth",
            "user.demographic.gender",
            "user.contact",
            "user.contact.address",
            "user.contact.phone_number",
            "user.contact.email",
            "user.health_and_medical",
            "user.health_and_medical.insurance_beneficiary_id",
            "user.financial.credit_card",
            "user.content.voice_recording",
        },
        "Job applicants": {
            "user.job_title",
            "user.criminal_history",
            "user.government_id.national_identification_number",
            "user.government_id.immigration",
        },
        "Website visitors": {"user.device.ip_address", "user.device.cookie", "user.name", "user.contact.phone_number"},
    },
    "nordlys-fitness.md": {
        "Members": {
            "user.name",
            "user.government_id.national_identification_number",
            "user.contact.address",
            "user.contact.email",
            "user.contact.phone_number",
            "user.content.self_image",
            "user.behavior",
            "user.financial.bank_account",
        },
        "Personal trainers' clients": {"user.health_and_medical", "user.demographic.profile"},
        "Newsletter subscribers": {"user.contact.email"},
        "Job applicants": {"user.contact", "user.job_title"},
    },
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_realistic_policies_of_other_layouts(tmp_path, name):
    """Policies of other organisations and layouts, read by a person first (EXPECTED), then drafted."""
    source = tmp_path / name
    source.write_bytes((REALISTIC / name).read_bytes())
    output = tmp_path / "draft.yaml"
    result = CliRunner().invoke(main, ["policy", "draft", str(source), "-o", str(output)])
    assert result.exit_code == 0, result.output
    drafted = load_policy(output)  # passes policy check: every quote verbatim in the page's text
    reference = [Coverage(subject, subject, frozenset(keys)) for subject, keys in EXPECTED[name].items()]
    figures = score_coverage(coverage(drafted), reference)
    assert figures.precision >= 0.85 and figures.recall >= 0.85, (figures.extra, figures.missed)


def test_scan_with_a_drafted_policy(seed_drafts):
    result = CliRunner().invoke(
        main, ["scan", str(SAMPLE), "--policy", str(seed_drafts["cytrack"]), "--format", "json", "--quiet"]
    )
    assert result.exit_code in (0, 1), result.output
    report = json.loads(result.output)
    assert report["scan"]["policy"]["organization"] == "Cytrack"
    verdicts = {f["disclosure"] for f in report["findings"]}
    assert verdicts <= {"prohibited", "incorrect", "undisclosed", "vague", "disclosed"} and "vague" in verdicts
    ips = [f for f in report["findings"] if f["entity"] == "IP_ADDRESS"]  # no subject: declared for some subjects
    assert ips and all(f["policy_refs"] for f in ips if f["disclosure"] in ("disclosed", "vague"))


def test_draft_cli_errors(tmp_path):
    missing = CliRunner().invoke(main, ["policy", "draft", str(tmp_path / "none.txt")])
    assert missing.exit_code == 2 and "no such file" in missing.output
    (tmp_path / "p.txt").write_text("We collect your name.")
    same = CliRunner().invoke(main, ["policy", "draft", str(tmp_path / "p.txt"), "-o", str(tmp_path / "p.txt")])
    assert same.exit_code == 2 and "overwrite" in same.output
    assert (tmp_path / "p.txt").read_text() == "We collect your name."
    to_stdout = CliRunner().invoke(main, ["policy", "draft", str(tmp_path / "p.txt")])
    assert to_stdout.exit_code == 0 and "categories: [user.name]" in to_stdout.output
