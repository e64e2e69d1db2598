# Classes: __init__, attributes, methods, shared references, objects holding
# lists and dicts of objects, `is`, attributes set outside __init__.


class Account:
    def __init__(self, owner: str, balance: int):
        self.owner = owner
        self.balance = balance
        self.history: list[int] = []

    def deposit(self, amount: int) -> None:
        self.balance += amount
        self.history.append(amount)

    def withdraw(self, amount: int) -> bool:
        if amount > self.balance:
            return False
        self.balance -= amount
        self.history.append(-amount)
        return True

    def describe(self) -> str:
        return self.owner + ": " + str(self.balance)


class Bank:
    def __init__(self):
        self.accounts: dict[str, Account] = {}
        self.order: list[Account] = []

    def open(self, owner: str) -> Account:
        acc = Account(owner, 0)
        self.accounts[owner] = acc
        self.order.append(acc)
        return acc


def entry_point(argv: list[str]) -> int:
    bank = Bank()
    a = bank.open("ann")
    b = bank.open("bob")
    a.deposit(100)
    b.deposit(50)
    print(a.withdraw(30), b.withdraw(80))
    same = bank.accounts["ann"]
    same.deposit(5)
    print(a.describe(), b.describe(), same is a, same is b, a.history)
    for acc in bank.order:
        print(acc.owner, acc.balance, len(acc.history))
    a.nickname = "A"
    b.nickname = "B"
    print(a.nickname + b.nickname)
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(entry_point(sys.argv))
