% An exception no catch/3 handles.
:- initialization(main).

main :-
    catch(risky(1), small(N), (write(handled(N)), nl)),
    risky(100).

risky(N) :- N < 10, throw(small(N)).
risky(N) :- throw(too_big(N)).
