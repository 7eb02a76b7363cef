"""Serialisation of provinces, wards and residential groups."""
from marshmallow import Schema, ValidationError, fields, post_load, validate, validates_schema

from ..fields import FreeText, Id, LocalDay
from .models import GROUP_KINDS

CHANGE_OPS = ("rename", "merge", "split", "retire")
MAX_CHANGES = 500


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
    valid_from = fields.Date(dump_only=True, allow_none=True,
                             metadata={"description": "First local day in force (null: always)"})
    valid_to = fields.Date(dump_only=True, allow_none=True,
                           metadata={"description": "First local day no longer in force"})
    predecessor_ids = fields.Function(lambda g: [p.id for p in g.predecessors], dump_only=True,
                                      metadata={"type": "array", "items": {"type": "integer"}})
    successor_ids = fields.Function(lambda g: [s.id for s in g.successors], dump_only=True,
                                    metadata={"type": "array", "items": {"type": "integer"}})

    officer_id = fields.Integer(dump_only=True, allow_none=True,
                                metadata={"description": "The officer in charge of the group"})

class GroupsOnArgsSchema(Schema):
    on = LocalDay(metadata={"description": "YYYY-MM-DD, local day (default today)"})


class NewGroupSchema(GroupSchema):
    """A group a merge or split creates: households and population left out of a merge's
    new group are its predecessors' sums."""

    households_total = fields.Integer(validate=validate.Range(min=0, max=100_000))
    population = fields.Integer(validate=validate.Range(min=0, max=1_000_000))


class GroupChangeSchema(Schema):
    """One change: rename {group_id, name?, code?}, merge {from: [ids], into: GROUP},
    split {from: id, into: [GROUP, ...]}, retire {group_id}."""

    op = fields.String(required=True, validate=validate.OneOf(CHANGE_OPS))
    group_id = fields.Integer()
    name = FreeText(120, validate=validate.Length(min=1))
    code = fields.String(validate=validate.Length(min=1, max=32))
    from_ = fields.Raw(data_key="from", metadata={"description": "merge: [group_id]; split: group_id"})
    into = fields.Raw(metadata={"description": "merge: GROUP; split: [GROUP]"})

    @validates_schema
    def _needs(self, data, **_kwargs):
        needed = {"rename": ("group_id",), "retire": ("group_id",), "merge": ("from_", "into"),
                  "split": ("from_", "into")}.get(data.get("op"), ())
        missing = {("from" if n == "from_" else n): ["required"] for n in needed if n not in data}
        if missing:
            raise ValidationError(missing)
        if data.get("op") == "rename" and "name" not in data and "code" not in data:
            raise ValidationError({"name": ["name_or_code_required"]})

    @post_load
    def _parts(self, data, **_kwargs):
        if data["op"] == "merge":
            data["from_"] = _load(fields.List(fields.Integer()), data["from_"], "from")
            if len(set(data["from_"])) < 2:
                raise ValidationError({"from": ["merge_of_one"]})
            data["into"] = _load(NewGroupSchema(), data["into"], "into")
        elif data["op"] == "split":
            data["from_"] = _load(fields.Integer(), data["from_"], "from")
            data["into"] = _load(GroupSchema(many=True), data["into"], "into")
            if len(data["into"]) < 2:
                raise ValidationError({"into": ["split_into_one"]})
        return data


def _load(loader, value, name):
    """`value` loaded by a schema or field, its errors under `name`."""
    try:
        if isinstance(loader, Schema):
            return loader.load(value if value is not None else {})
        return loader.deserialize(value)
    except ValidationError as err:
        raise ValidationError({name: err.messages})


class GroupChangesSchema(Schema):
    effective_on = LocalDay(required=True, metadata={"description": "YYYY-MM-DD, local day"})
    changes = fields.List(fields.Nested(GroupChangeSchema), required=True,
                          validate=validate.Length(min=1, max=MAX_CHANGES))


class RearrangementArgsSchema(Schema):
    effective_on = LocalDay(required=True, metadata={"description": "YYYY-MM-DD, local day"})


class RearrangementSchema(Schema):
    """The changes a rearrangement CSV implies, to send as they are to POST group-changes."""

    effective_on = fields.Date()
    changes = fields.List(fields.Dict())
    rows = fields.List(fields.Dict())


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
