"""Serialisation of provinces, wards and residential groups."""
from marshmallow import Schema, fields, validate

from ..fields import FreeText, Id
from .models import GROUP_KINDS


class ProvinceSchema(Schema):
    id = fields.Integer()
    code = fields.String()
    name = fields.String()
    lat = fields.Float(allow_none=True)
    lon = fields.Float(allow_none=True)


class WardSchema(Schema):
    id = fields.Integer()
    code = fields.String()
    name = fields.String()
    kind = fields.String()
    province_id = fields.Integer()
    lat = fields.Float(allow_none=True)
    lon = fields.Float(allow_none=True)


class GroupSchema(Schema):
    id = fields.Integer(dump_only=True)
    ward_id = fields.Integer(dump_only=True)
    code = fields.String(required=True, validate=validate.Length(min=1, max=32))
    name = FreeText(120, required=True, validate=validate.Length(min=1))
    kind = fields.String(load_default="to_dan_pho", validate=validate.OneOf(GROUP_KINDS))
    households_total = fields.Integer(load_default=0, validate=validate.Range(min=0, max=100_000))
    population = fields.Integer(load_default=0, validate=validate.Range(min=0, max=1_000_000))
    lat = fields.Float(load_default=None, allow_none=True, validate=validate.Range(min=-90, max=90))
    lon = fields.Float(load_default=None, allow_none=True, validate=validate.Range(min=-180, max=180))
    boundary = fields.Dict(load_default=None, allow_none=True)
    officer_id = fields.Integer(dump_only=True, allow_none=True,
                                metadata={"description": "The officer in charge of the group"})


class GroupPatchSchema(GroupSchema):
    """Any subset of a group's fields (used with partial=True), and the officer in charge."""

    officer_id = Id(allow_none=True, metadata={
        "description": "An officer or volunteer of the group's ward, or null for nobody"})


class GroupImportResultSchema(Schema):
    created = fields.Integer()
    updated = fields.Integer()
    rows = fields.List(fields.Dict())


class FileUploadSchema(Schema):
    file = fields.Raw(metadata={"type": "string", "format": "binary"}, required=True)
