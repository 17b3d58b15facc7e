"""Installment payment transfers: the FastAPI application API Gateway calls."""
from fastapi import FastAPI
from mangum import Mangum

from loan_core.modules.econsignado.installments.routes import router

app = FastAPI(title="installment-payment-transfers")
app.include_router(router)

handler_installment_payment_transfers = Mangum(app, lifespan="off")
