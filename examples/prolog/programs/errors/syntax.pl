% A syntax error: the program is not run.
:- initialization(main).

main :- write(never_printed), nl.

broken(X) :- X = f(a, , b).

fine(1).
