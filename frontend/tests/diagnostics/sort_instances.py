# sort() applies to lists of int, float, str and tuple items only.
#
# error: 17:5
# kind: Type
# message: `Job`
# message: sort
# errors: 1


class Job:
    def __init__(self, p: int):
        self.p = p


def entry_point(argv: list[str]) -> int:
    jobs = [Job(3), Job(1)]
    jobs.sort()
    print(jobs[0].p)
    return 0
