"""B042: electronic direct marketing and the ePrivacy Directive (2002/58/EC, Art. 13).

The GDPR gives the basis for processing the data; Art. 13 of the ePrivacy Directive, which
the GDPR leaves in force (Art. 95), decides whether an e-mail, a text message or another
electronic message may be sent at all: with prior consent, or to existing customers under
the soft opt-in of Art. 13(2).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from gdpr_lint.law import data
from gdpr_lint.lint.findings import Severity
from gdpr_lint.lint.lazyre import lazy_re
from gdpr_lint.lint.model import Activity
from gdpr_lint.rules.lawful_basis import business_contact
from gdpr_lint.rules.registry import Hit, rule

# Electronic mail in the Directive's sense (Art. 2(h), Recital 40): e-mail, SMS, MMS and
# messages through messaging services; post, phone calls and push notifications are not.
ELECTRONIC = ("email", "sms", "messaging")
SOFT_OPT_IN = {
    "existing_customers": "the contact details were obtained from the customer in the sale "
                          "of a product or service",
    "similar_products": "the messages are about the controller's own similar products or "
                        "services",
    "opt_out_at_collection": "the customer could object, free and easily, when the details "
                             "were collected",
    "opt_out_each_message": "each message offers a free and easy way to object",
}
_RIGHTS = "rights: [access, rectification, erasure, restriction, object, complaint]"


@rule(id="B042", title="Electronic direct marketing without consent or the soft opt-in",
      article="Directive 2002/58/EC Art. 13(1)-(2); Art. 95", severity=Severity.ERROR,
      base="legitimate_interests",
      bad=f"direct_marketing: true\ndirect_marketing_channels: [email]\n{_RIGHTS}",
      good=f"""direct_marketing: true
direct_marketing_channels: [email]
soft_opt_in: {{existing_customers: true, similar_products: true, opt_out_at_collection: true,
  opt_out_each_message: true}}
{_RIGHTS}""")
def electronic_marketing(a: Activity) -> Iterator[Hit]:
    """Direct marketing by e-mail, SMS or messaging needs the recipient's prior consent
    (ePrivacy Directive 2002/58/EC Art. 13(1)), a rule the GDPR leaves in force (Art. 95):
    legitimate interests may be the GDPR basis for processing the data, not for sending the
    message. The one exception is the soft opt-in of Art. 13(2): contact details obtained
    from a customer in the sale of a product or service, used for the controller's own
    similar products, with an easy, free objection offered both when the details were
    collected and in every message. Declare the four conditions in `soft_opt_in`. Member
    States treat e-mail to business contacts at their work address differently (Art. 13(5)):
    where the configured `member_state` requires consent for them too (DE, AT, ES, IT: dated
    data in `law/data/b2b_email.json`) it is an `error`; where it allows opt-out e-mail about
    the person's profession (FR) an `info`; elsewhere a `warning` asking to check. Post and
    phone calls (Art. 13(3)) and push notifications are outside this rule. Where
    `direct_marketing` is declared without its channels and the name or purposes speak of
    e-mail, newsletters or text messages, a `warning` asks for `direct_marketing_channels`
    (words only fill in what no field says)."""
    if a.basis == "consent":
        return
    if a.get("direct_marketing_channels") is None:
        yield from _channel_in_words(a)
        return
    channels = [c for c in a.items("direct_marketing_channels") if c in ELECTRONIC]
    if not channels:
        return
    soft = a.mapping("soft_opt_in")
    missing = [name for name in SOFT_OPT_IN if soft.get(name) is not True]
    if not missing:
        return
    subjects = a.subjects
    b2b = bool(subjects) and all(business_contact(s) for s in subjects)
    where = ("soft_opt_in", missing[0]) if soft else ("direct_marketing_channels",)
    if soft:
        why = "the soft opt-in of Art. 13(2) also needs " + "; ".join(
            f"{name} ({SOFT_OPT_IN[name]})" for name in missing)
    else:
        why = ("ask for consent (lawful_basis: consent), or declare soft_opt_in with its four "
               "conditions when the recipients are existing customers (Art. 13(2))")
    national = data.b2b_email_rule(a.ctx.config.member_state) if b2b else None
    if national is not None and national["rule"] == "opt_out_professional":
        yield Hit(where, f"{', '.join(channels)} marketing to business contacts without "
                  f"consent: {national['law']}, as the authority reads it, allows it for "
                  "messages about their profession "
                  "at their professional address, with an objection offered at collection and "
                  "in every message (ePrivacy Directive Art. 13(5))", Severity.INFO)
    elif national is not None:
        yield Hit(where, f"{', '.join(channels)} marketing to business contacts needs their "
                  f"prior consent under {national['law']} (ePrivacy Directive Art. 13(1), "
                  f"(5)): {why}")
    elif b2b:
        yield Hit(where, f"{', '.join(channels)} marketing to business contacts without "
                  f"consent: check the national rule for messages to a professional address "
                  f"(ePrivacy Directive Art. 13(1), (5)); otherwise {why}", Severity.WARNING)
    else:
        yield Hit(where, f"{', '.join(channels)} marketing needs prior consent (ePrivacy "
                  f"Directive Art. 13(1)): {why}")


# E-mail, newsletters, text and instant messages named in words, in the six languages.
_ELECTRONIC_WORDS = lazy_re(
    r"\b(e-?mails?|newsletters?|mailings?|sms|text messages?|whatsapp|messenger|"
    r"e-?mail-?\w+|\w*newsletter\w*|werbe-?e-?mails?|courriels?|correos? electr[óo]nicos?|"
    r"posta elettronica|nieuwsbrie\w*)\b", re.IGNORECASE)


def _channel_in_words(a: Activity) -> Iterator[Hit]:
    if not a.flag("direct_marketing"):
        return
    texts = [a.text("name") or "", *(p for p in a.items("purposes") if isinstance(p, str))]
    found = next(filter(None, map(_ELECTRONIC_WORDS.search, texts)), None)
    if found:
        yield Hit(("direct_marketing",), f"'{found.group(0)}': direct marketing by electronic "
                  "mail or messages needs prior consent or the soft opt-in (ePrivacy Directive "
                  "Art. 13(1)-(2)): declare direct_marketing_channels, and soft_opt_in or "
                  "lawful_basis: consent", Severity.WARNING)
