"""Answering helpers shared by the results tests."""

from tests import factories as f


def respond(module, zone, answers, submitted=True):
    factory = f.SubmittedResponseFactory if submitted else f.ResponseFactory
    response = factory(module=module, zone=zone)
    for item in module.items.select_related("technology"):
        code = answers.get(item.technology.code)
        if code is not None:
            f.AnswerFactory(response=response, item=item, code=code)
