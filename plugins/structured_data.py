"""structured_data: schema.org JSON-LD for reports (NewsArticle about an
Event) and agency pages (GovernmentOrganization), as the Jinja global
`json_ld(record)`. Data for machines, not a script: no JavaScript runs."""

from __future__ import annotations

import json

from markupsafe import Markup
from pelican import signals

from content_model.records import Agency, Report


def _organization(agency, siteurl: str, full: bool = False) -> dict:
    data = {"@type": "GovernmentOrganization", "name": agency.title, "url": f"{siteurl}/{agency.url}"}
    if full and (agency.short_name or agency.aliases):
        data["alternateName"] = list(dict.fromkeys(n for n in [agency.short_name, *agency.aliases] if n))
    return data


def _place(report) -> dict:
    region = report.region
    address = {"@type": "PostalAddress", "addressLocality": region.name, "addressCountry": "ID"}
    if region.parent:
        address["addressRegion"] = region.parent.name
    return {"@type": "Place", "name": report.place, "address": address}


def report_data(report: Report, siteurl: str, sitename: str) -> list[dict]:
    article = report.content
    event = {
        "@type": "Event", "name": report.title, "startDate": report.event_start.isoformat(),
        "endDate": report.event_end.isoformat(), "location": _place(report),
        "organizer": _organization(report.organizer, siteurl),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
    }
    if report.participant_count:
        event["maximumAttendeeCapacity"] = report.participant_count
    news = {
        "@type": "NewsArticle", "headline": report.title, "url": f"{siteurl}/{report.url}",
        "datePublished": article.date.isoformat(), "inLanguage": "id",
        "publisher": {"@type": "Organization", "name": sitename},
        "about": event,
        "mentions": [_organization(a, siteurl) for a, _ in report.related_agencies],
    }
    if getattr(article, "modified", None):
        news["dateModified"] = article.modified.isoformat()
    return [news]


def agency_data(agency: Agency, siteurl: str) -> list[dict]:
    data = _organization(agency, siteurl, full=True)
    if agency.parent:
        data["parentOrganization"] = _organization(agency.parent, siteurl)
    if agency.region:
        data["areaServed"] = {"@type": "AdministrativeArea", "name": agency.region.title,
                              "identifier": agency.region.code}
    if agency.website:
        data["sameAs"] = agency.website
    return [data]


def json_ld(record, siteurl: str, sitename: str) -> Markup:
    if isinstance(record, Report):
        items = report_data(record, siteurl, sitename)
    elif isinstance(record, Agency):
        items = agency_data(record, siteurl)
    else:
        return Markup("")
    payload = {"@context": "https://schema.org", "@graph": items}
    # Escape "<" so no text can close the script element early ("</script>").
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).replace("<", "\\u003c")
    return Markup(f'<script type="application/ld+json">{text}</script>')


def add_global(generator) -> None:
    settings = generator.settings
    generator.env.globals["json_ld"] = lambda record: json_ld(record, settings["SITEURL"], settings["SITENAME"])


def register():
    signals.generator_init.connect(add_global)
