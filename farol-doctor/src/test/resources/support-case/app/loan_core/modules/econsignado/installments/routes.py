from fastapi import APIRouter

router = APIRouter()


@router.post("/installments/{installment_id}/payments")
def pay(installment_id: str, amount: float) -> dict:
    return {"installment": installment_id, "paid": amount}
