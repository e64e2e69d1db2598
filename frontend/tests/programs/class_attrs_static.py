# Class attributes (constant bindings, overridden in subclasses and read
# virtually, a class-level list mutated), @staticmethod called on the class
# and on an instance.


class Animal:
    SOUND = "..."
    LEGS = 4
    registry: list[str] = []

    def __init__(self, name: str):
        self.name = name
        Animal.registry.append(name)

    def speak(self) -> str:
        return self.name + " says " + self.SOUND

    @staticmethod
    def kingdom() -> str:
        return "animalia"

    @staticmethod
    def legs_of(n: int) -> int:
        return n * Animal.LEGS


class Dog(Animal):
    SOUND = "woof"


class Bird(Animal):
    SOUND = "tweet"
    LEGS = 2


def entry_point(argv: list[str]) -> int:
    animals: list[Animal] = [Dog("rex"), Bird("tweety"), Animal("blob")]
    for a in animals:
        print(a.speak(), a.LEGS)
    print(Animal.kingdom(), Dog.kingdom(), animals[0].kingdom())
    print(Animal.legs_of(3), Bird.LEGS, Dog.SOUND, Animal.SOUND)
    print(Animal.registry, len(Dog.registry))
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(entry_point(sys.argv))
