"""Error reports that leave out everything a user submitted.

Django's default filter hides POST values only for views marked with
`sensitive_post_parameters`. Answers and passwords arrive through many views written by
different people, so every POST parameter is hidden everywhere instead of relying on each
view remembering the decorator. Local variables of frames are hidden for the same reason
(they hold cleaned form data, answer codes and passwords).
"""

from django.views.debug import SafeExceptionReporterFilter


class NoPostDataFilter(SafeExceptionReporterFilter):
    def is_active(self, request):
        """Filter even with DEBUG on: a debug page is also a place where data can leak."""
        return True

    def get_post_parameters(self, request):
        if request is None:
            return {}
        return dict.fromkeys(request.POST, self.cleansed_substitute)

    def get_traceback_frame_variables(self, request, tb_frame):
        return [(name, self.cleansed_substitute) for name in tb_frame.f_locals]
