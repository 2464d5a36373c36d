"""Walking the model's types along a pydantic error location, to find the field an error is about:
its annotation, its description, its examples, the choices of its enum."""

from __future__ import annotations

import enum
import types
import typing

from pydantic import BaseModel

from ..model import LabelledEnum


def unwrap(tp):
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            tp = args[0]
        else:
            return tp


def step(tp, part):
    tp = unwrap(tp)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        field = tp.model_fields.get(part)
        return field.annotation if field else None
    args = typing.get_args(tp)
    if typing.get_origin(tp) is list and args:
        return args[0]
    if typing.get_origin(tp) is dict and len(args) == 2:
        return args[1]
    return None


def type_at(cls: type, loc: tuple):
    tp = cls
    for part in loc:
        tp = step(tp, part)
        if tp is None:
            return None
    return unwrap(tp)


def field_info(cls: type, loc: tuple):
    if not loc:
        return None
    parent = type_at(cls, loc[:-1])
    if isinstance(parent, type) and issubclass(parent, BaseModel):
        return parent.model_fields.get(loc[-1])
    return None


def field_names(cls: type, loc: tuple) -> list[str]:
    parent = type_at(cls, loc)
    if isinstance(parent, type) and issubclass(parent, BaseModel):
        return list(parent.model_fields)
    return []


def enum_values(enum_cls) -> str:
    if isinstance(enum_cls, type) and issubclass(enum_cls, LabelledEnum):
        return ", ".join(f"{m.value}({m.label})" for m in enum_cls)
    if isinstance(enum_cls, type) and issubclass(enum_cls, enum.Enum):
        return ", ".join(str(m.value) for m in enum_cls)
    return ""


def label(info) -> str:
    """A field's label in brackets, for a hint: `(全站设置)`."""
    return f"({info.description.split('。')[0].strip()})" if info and info.description else ""


def examples(info) -> list:
    """A field's examples, also when they sit on an annotated type inside `X | None`."""
    if info is None:
        return []
    if info.examples:
        return info.examples
    for tp in (info.annotation, *typing.get_args(info.annotation)):
        for meta in getattr(tp, "__metadata__", ()):
            if getattr(meta, "examples", None):
                return meta.examples
    return []
