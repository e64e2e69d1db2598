% Calling a predicate that has no clauses.
:- initialization(main).

main :-
    write(before), nl,
    helper(3).

helper(N) :-
    N > 0,
    no_such_predicate(N).
