"""The campaigns' scope, and what plans add to other packages' checks (the officer in charge of a
group, the campaign an event carries)."""
from ..access import Scope, register_scope
from ..areas.scopes import can_see_ward
from ..areas.service import register_group_check
from ..extensions import db
from ..outreach.links import Link, register_link
from . import service
from .models import Campaign


def register_scopes():
    register_scope("campaign", Scope(
        "campaign_id", lambda campaign_id: db.session.get(Campaign, campaign_id),
        lambda user, campaign: can_see_ward(user, campaign.ward),
        "Không tìm thấy đợt vận động (campaign not found).", keep_as="campaign"))


def register_links():
    register_link(Link("campaign_id", service.load_campaigns, service.refuse_campaign))
    register_group_check(service.check_group_officer)
