import inngest

from . import services
from .client import inngest_client
from .config import settings

BUILD_REQUESTED = "report/build.requested"
# The child's own trigger. It can be started by this event too, but the parent
# calls it with step.invoke, which needs no event name at all.
SECTION_RENDER = "report/section.render"


# --8<-- [start:child]
@inngest_client.create_function(
    fn_id="render-section",
    trigger=inngest.TriggerEvent(event=SECTION_RENDER),
    retries=2,
)
async def render_section(ctx: inngest.Context) -> dict:
    report_id: str = ctx.event.data["report_id"]
    section: str = ctx.event.data["section"]
    if not services.has_source(section):
        # A permanent failure: no retry; the invoking parent gets it as a StepError.
        raise inngest.NonRetriableError(f"no data source for section {section!r}")
    if services.is_slow(section):
        await ctx.step.sleep("wait-for-source", settings.slow_source_delay)
    return await ctx.step.run("render", services.render_section, report_id, section)
# --8<-- [end:child]


# --8<-- [start:parent]
@inngest_client.create_function(
    fn_id="build-report",
    trigger=inngest.TriggerEvent(event=BUILD_REQUESTED),
)
async def build_report(ctx: inngest.Context) -> dict:
    report_id: str = ctx.event.data["report_id"]
    required = set(ctx.event.data.get("required", []))

    # By id: app_id + the child's fn_id. Another app's function is invoked the
    # same way with that app's id.
    cover = await ctx.step.invoke_by_id(
        "render-cover",
        app_id=inngest_client.app_id,
        function_id="render-section",
        data={"report_id": report_id, "section": "cover"},
        timeout=settings.section_timeout,
    )
    rendered = [cover]

    for section in ctx.event.data["sections"]:
        try:
            # By function object: same app; the result is the child's return value.
            result = await ctx.step.invoke(
                f"render-{section}",
                function=render_section,
                data={"report_id": report_id, "section": section},
                timeout=settings.section_timeout,
            )
        except inngest.StepError as err:
            # The child failed or did not finish within the timeout.
            if section in required:
                raise inngest.NonRetriableError(f"required section {section!r} failed: {err.message}") from err
            result = {"section": section, "unavailable": err.name, "reason": err.message}
        rendered.append(result)

    published = await ctx.step.run("publish", services.publish, report_id, rendered)
    return {"report_id": report_id, "url": published["url"], "sections": rendered}
# --8<-- [end:parent]


functions = [render_section, build_report]
