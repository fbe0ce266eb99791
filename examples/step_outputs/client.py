import logging

import inngest

# --8<-- [start:client]
# With a serializer on the client, a step may return a pydantic model *if* it
# also says which type with `output_type=`. Without `output_type=` the
# serializer is never consulted and the step must return JSON.
inngest_client = inngest.Inngest(
    app_id="step-outputs",
    logger=logging.getLogger("uvicorn"),
    serializer=inngest.PydanticSerializer(),
)
# --8<-- [end:client]
