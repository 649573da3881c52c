from modeltranslation.translator import TranslationOptions, register

from .models import (
    Event,
    EventDocument,
    EventLink,
    EventPhoto,
    Participation,
    Series,
    Topic,
)


@register(Topic)
class TopicTranslationOptions(TranslationOptions):
    fields = ("name", "description")


@register(Series)
class SeriesTranslationOptions(TranslationOptions):
    fields = ("name", "description")


@register(Event)
class EventTranslationOptions(TranslationOptions):
    fields = ("title", "city", "venue", "summary", "body")


@register(Participation)
class ParticipationTranslationOptions(TranslationOptions):
    fields = ("position",)


@register(EventPhoto)
class EventPhotoTranslationOptions(TranslationOptions):
    fields = ("alt_text", "caption")


@register(EventDocument)
class EventDocumentTranslationOptions(TranslationOptions):
    fields = ("title",)


@register(EventLink)
class EventLinkTranslationOptions(TranslationOptions):
    fields = ("title",)
